"""Plain recomputations of token-level faithfulness (one unbatched forward per perturbed input) for
the Java tests of ``FaithfulnessEvaluator``: no explain4j code is used."""

import math

import torch


def _order(scores):
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def _area(x, y):
    return sum((y[i] + y[i + 1]) / 2 * (x[i + 1] - x[i]) for i in range(len(x) - 1))


def _metrics(scores, prob, bins, soft_probs):
    """ERASER bins (rounded up), full curves and soft scores, from ``prob(kept positions)``."""
    n = len(scores)
    order = _order(scores)
    every = list(range(n))
    full = prob(every)
    comp, suff = [], []
    for b in bins:
        top = set(order[: math.ceil(b * n - 1e-12)])
        comp.append(full - prob([i for i in every if i not in top]))
        suff.append(full - prob(sorted(top)))
    deletion = [prob(sorted(set(every) - set(order[:k]))) for k in range(n + 1)]
    insertion = [prob(sorted(order[:k])) for k in range(n + 1)]
    x = [k / n for k in range(n + 1)]
    out = {
        "full": full,
        "comprehensiveness": comp,
        "sufficiency": suff,
        "aopcComprehensiveness": sum(comp) / len(comp),
        "aopcSufficiency": sum(suff) / len(suff),
        "deletion": deletion,
        "insertion": insertion,
        "deletionArea": _area(x, deletion),
        "insertionArea": _area(x, insertion),
    }
    lo, hi = min(scores), max(scores)
    q = [1.0] * n if hi == lo else [(s - lo) / (hi - lo) for s in scores]
    p_comp, p_suff = soft_probs(q)
    out["softComprehensiveness"] = max(0.0, full - p_comp)
    out["softSufficiency"] = 1.0 - max(0.0, full - p_suff)
    return out


def _bernoulli(keep, width, gen):
    return torch.bernoulli(torch.tensor(keep, dtype=torch.float64)[:, None].repeat(1, width), generator=gen)


def generation(lm, prompt, generated, scores, bins, seed):
    """Per generated token t: its probability after the prompt tokens kept (the first prompt token
    when none is kept) and ``generated[:t]``."""
    model = lm.model
    prompt, generated = [int(i) for i in prompt], [int(i) for i in generated]
    steps = []
    for t, target in enumerate(generated):

        def prob(kept, t=t, target=target):
            ids = [prompt[i] for i in kept] or prompt[:1]
            with torch.no_grad():
                logits = model(input_ids=torch.tensor([ids + generated[:t]])).logits[0, -1]
            return float(logits.double().softmax(-1)[target])

        def soft_probs(q, t=t, target=target):
            ids = torch.tensor([prompt + generated[:t]])
            gen = torch.Generator().manual_seed(int(seed) + t)
            probs = []
            for keep in ([1 - v for v in q], q):
                emb = model.get_input_embeddings()(ids).detach().clone()
                emb[0, : len(prompt)] *= _bernoulli(keep, emb.shape[-1], gen).to(emb.dtype)
                with torch.no_grad():
                    logits = model(inputs_embeds=emb).logits[0, -1]
                probs.append(float(logits.double().softmax(-1)[target]))
            return probs

        steps.append(_metrics([float(s) for s in scores[t]], prob, bins, soft_probs))
    return steps


def classifier(lm, ids, labels, scores, bins, seed):
    """Per explained label: its softmax probability with non-special tokens deleted ([CLS]/[SEP]
    stay), token types 0 up to the first [SEP] and 1 after."""
    model, tok = lm.model, lm.tokenizer
    ids = [int(i) for i in ids]
    special = tok.get_special_tokens_mask(ids, already_has_special_tokens=True)
    units = [p for p in range(len(ids)) if not special[p]]
    first_sep = ids.index(tok.sep_token_id)
    types = [0 if p <= first_sep else 1 for p in range(len(ids))]
    names = [model.config.id2label[i] for i in range(model.config.num_labels)]
    steps = []
    for k, name in enumerate(labels):
        label = names.index(name)

        def prob(kept, label=label):
            keep = {units[j] for j in kept}
            pos = [p for p in range(len(ids)) if special[p] or p in keep]
            with torch.no_grad():
                out = model(
                    input_ids=torch.tensor([[ids[p] for p in pos]]),
                    token_type_ids=torch.tensor([[types[p] for p in pos]]),
                )
            return float(out.logits[0].double().softmax(-1)[label])

        def soft_probs(q, label=label, k=k):
            x = torch.tensor([ids])
            gen = torch.Generator().manual_seed(int(seed) + k)
            probs = []
            for keep in ([1 - v for v in q], q):
                emb = model.get_input_embeddings()(x).detach().clone()
                emb[0, units] *= _bernoulli(keep, emb.shape[-1], gen).to(emb.dtype)
                with torch.no_grad():
                    out = model(inputs_embeds=emb, token_type_ids=torch.tensor([types]))
                probs.append(float(out.logits[0].double().softmax(-1)[label]))
            return probs

        steps.append(_metrics([float(scores[k][p]) for p in units], prob, bins, soft_probs))
    return {"units": units, "steps": steps}


def seq2seq(lm, source, prefix, generated, scores, bins, seed):
    """Per generated token t of an encoder-decoder model: its probability after the decoder reads
    ``prefix + generated[:t]``, with the encoder input's tokens kept (the first one when none is)."""
    model = lm.model
    source, prefix, generated = ([int(i) for i in v] for v in (source, prefix, generated))
    steps = []
    for t, target in enumerate(generated):
        decoder = torch.tensor([prefix + generated[:t]])

        def prob(kept, decoder=decoder, target=target):
            ids = [source[i] for i in kept] or source[:1]
            with torch.no_grad():
                logits = model(input_ids=torch.tensor([ids]), decoder_input_ids=decoder).logits[0, -1]
            return float(logits.double().softmax(-1)[target])

        def soft_probs(q, decoder=decoder, target=target, t=t):
            gen = torch.Generator().manual_seed(int(seed) + t)
            probs = []
            for keep in ([1 - v for v in q], q):
                emb = model.get_input_embeddings()(torch.tensor([source])).detach().clone()
                emb[0] *= _bernoulli(keep, emb.shape[-1], gen).to(emb.dtype)
                with torch.no_grad():
                    logits = model(inputs_embeds=emb, decoder_input_ids=decoder).logits[0, -1]
                probs.append(float(logits.double().softmax(-1)[target]))
            return probs

        steps.append(_metrics([float(s) for s in scores[t]], prob, bins, soft_probs))
    return steps
