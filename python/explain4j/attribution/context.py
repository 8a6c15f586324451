"""Context reliance (PECoRe), following Inseq 0.7.1's ``attribute-context`` command.

Two steps over one model:

* **CTI** (context-sensitive token identification): the output is force-decoded without the
  context, and a contrastive step score (``context_sensitivity_metric``, KL divergence by default)
  compares each step with the same step given the context. Tokens whose ``|score|`` reaches
  ``mean + k * std`` of all scores (``context_sensitivity_std_threshold`` = k; torch's unbiased
  std) are context-sensitive, ranked by ``|score|`` and cut to ``context_sensitivity_topk``.
* **CCI** (contextual cues imputation): each selected token is attributed (any method of the
  catalogue, on ``attributed_fn``) with the full context, one step, and the attribution's rows for
  the input and output context tokens are its cues.

This module returns the raw CCI attributions with the rows that hold each context; aggregation
(and the cue selection that follows it) happens in Java, like every aggregation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from ..errors import InvalidInput
from . import methods, scores
from .api import attribute, score_steps
from .encoding import Special, encode
from .result import SequenceAttribution

STRATEGIES = ("auto", "pre")


@dataclass
class Texts:
    """The validated inputs and templates (Inseq's ``AttributeContextArgs`` after its checks)."""

    input_current_text: str
    input_context_text: str | None
    input_template: str
    output_context_text: str | None
    output_current_text: str | None
    output_template: str
    contextless_input_current_text: str
    contextless_output_current_text: str
    has_input_context: bool
    has_output_context: bool
    warnings: list[str] = field(default_factory=list)


@dataclass
class CueStep:
    """CCI for one context-sensitive token."""

    cti_idx: int
    cti_token: str
    cti_score: float
    contextual_input: str
    contextual_output: str
    contextless_output: str | None
    contrast_token: str | None
    attribution: SequenceAttribution
    input_rows: tuple[str, int, int] | None  # (source|target, first row, rows)
    output_rows: tuple[str, int, int] | None


@dataclass
class ContextResult:
    texts: Texts
    input_context_tokens: list[str] | None
    output_context_tokens: list[str] | None
    output_current_tokens: list[str]
    cti_scores: list[float]
    cti_threshold: float
    cues: list[CueStep]


def check_texts(
    input_current_text,
    input_context_text=None,
    input_template=None,
    output_context_text=None,
    output_current_text=None,
    output_template=None,
    contextless_input_current_text=None,
    contextless_output_current_text=None,
    handle_output_context_strategy="pre",
) -> Texts:
    """Inseq's argument rules, with one clear message per refusal."""
    if not input_current_text:
        raise InvalidInput("input_current_text must be a non-empty text")
    if input_context_text is not None and not input_context_text.strip():
        raise InvalidInput("input_context_text is empty; give a context or leave it out")
    if output_context_text is not None and not output_context_text.strip():
        raise InvalidInput("output_context_text is empty; give a context or leave it out")
    if handle_output_context_strategy not in STRATEGIES:
        raise InvalidInput(
            f"unknown handle_output_context_strategy {handle_output_context_strategy!r}; choose one of "
            f"{', '.join(STRATEGIES)} (Inseq's interactive 'manual' is not offered)"
        )
    warnings = []
    in_tpl = input_template or ("{current}" if input_context_text is None else "{context} {current}")
    out_tpl = output_template or ("{current}" if output_context_text is None else "{context} {current}")
    ctxless_in = contextless_input_current_text or "{current}"
    ctxless_out = contextless_output_current_text or "{current}"
    for name, tpl in (
        ("input_template", in_tpl),
        ("output_template", out_tpl),
        ("contextless_input_current_text", ctxless_in),
        ("contextless_output_current_text", ctxless_out),
    ):
        if "{current}" not in tpl:
            raise InvalidInput(f"{name} {tpl!r} lacks the {{current}} placeholder")
    has_in, has_out = "{context}" in in_tpl, "{context}" in out_tpl
    if input_context_text and not has_in:
        warnings.append(f"input_template {in_tpl!r} has no {{context}}; the input context is ignored")
        input_context_text = None
    if output_context_text and not has_out:
        warnings.append(f"output_template {out_tpl!r} has no {{context}}; the output context is ignored")
        output_context_text = None
    if has_in and not input_context_text:
        raise InvalidInput(f"input_template {in_tpl!r} has {{context}} but no input_context_text is given")
    if has_out and out_tpl.find("{context}") > out_tpl.find("{current}"):
        raise InvalidInput(f"output_template {out_tpl!r} must put {{context}} before {{current}}")
    if has_out and not output_context_text and handle_output_context_strategy == "pre":
        raise InvalidInput(
            f"output_template {out_tpl!r} has {{context}}: give output_context_text, or set "
            "handle_output_context_strategy to 'auto' to split the generated output"
        )
    return Texts(
        input_current_text,
        input_context_text,
        in_tpl,
        output_context_text,
        output_current_text,
        out_tpl,
        ctxless_in,
        ctxless_out,
        has_in,
        has_out,
        warnings,
    )


def with_sep(first: str, second: str, sep: str) -> str:
    """``first + sep + second`` unless one side already has the separator there."""
    return first + second if first.endswith(sep) or second.startswith(sep) else first + sep + second


def fill(template: str, current: str, context: str | None = None) -> str:
    return template.format(current=current, **({} if context is None else {"context": context}))


class Tok:
    """The tokenizer operations the procedure needs, as Inseq's model wrapper performs them."""

    def __init__(self, model, tokenizer, keep):
        self.tokenizer = tokenizer
        self.is_ed = bool(model.config.is_encoder_decoder)
        self.special = Special.of(model, tokenizer)
        self.specials = set(tokenizer.all_special_tokens)
        if self.special.pad is not None and tokenizer.pad_token is None:
            self.specials.add(tokenizer.convert_ids_to_tokens(self.special.pad))
        self.keep = list(keep)
        self.device = next(model.parameters()).device

    def tokens(self, text: str, as_target=False) -> list[str]:
        target = as_target and self.is_ed
        kw = {"text_target": text} if target else {"text": text}
        return self.tokenizer.convert_ids_to_tokens(
            self.tokenizer(**kw, add_special_tokens=True)["input_ids"]
        )

    def filtered(self, text: str, is_target=False) -> list[str]:
        return [t for t in self.tokens(text, is_target) if t not in self.specials or t in self.keep]

    def text(self, tokens: list[str], skip_special=False) -> str:
        if not tokens:
            return ""
        kept = [t for t in tokens if t not in self.specials] if skip_special else tokens
        return self.tokenizer.convert_tokens_to_string(kept)

    def generate(self, model, text: str, generated_only: bool, args: dict) -> str:
        """Generate, decode keeping special tokens, then drop those not in ``keep``."""
        ids, _ = encode(self.tokenizer, text, self.special, decoder_only=not self.is_ed, device=self.device)
        ids = ids.unsqueeze(0)
        args = dict(args)
        if "pad_token_id" not in args and getattr(model.generation_config, "pad_token_id", None) is None:
            args["pad_token_id"] = self.special.pad
        with torch.no_grad():
            out = model.generate(inputs=ids, attention_mask=torch.ones_like(ids), **args)
        seq = out.sequences if hasattr(out, "sequences") else out
        if generated_only and not self.is_ed:
            seq = seq[:, ids.shape[1] :]
        decoded = self.tokenizer.batch_decode(
            seq, skip_special_tokens=False, clean_up_tokenization_spaces=False
        )
        return self.text(self.filtered(decoded[0], is_target=True))


def _outputs(model, tok: Tok, t: Texts, input_full: str, strategy: str, gen: dict, sep: str):
    """The output context and current texts: forced, or generated (Inseq's ``prepare_outputs``)."""
    use_ctx, has_ctx, has_cur = (
        t.has_output_context,
        t.output_context_text is not None,
        t.output_current_text is not None,
    )
    if has_ctx == use_ctx and has_cur:
        return t.output_context_text, t.output_current_text
    prefix = t.output_template.split("{context}" if use_ctx else "{current}")[0]
    cur_prefix_tpl, suffix = t.output_template.split("{current}")
    separator = t.output_template.split("{context}")[1].split("{current}")[0] if use_ctx else None
    model_input, cur_prefix, gen = input_full, prefix, dict(gen)
    if has_ctx and not has_cur:
        cur_prefix = cur_prefix_tpl.strip().format(context=t.output_context_text)
        if tok.is_ed:
            ids = tok.tokenizer(text_target=cur_prefix, add_special_tokens=False, return_tensors="pt")[
                "input_ids"
            ]
            gen["decoder_input_ids"] = torch.cat(
                [torch.tensor([[tok.special.bos]], dtype=ids.dtype), ids], dim=1
            ).to(tok.device)
        else:
            model_input = with_sep(input_full, cur_prefix, sep)
            cur_prefix = model_input
    elif not tok.is_ed:
        model_input = with_sep(input_full, "", sep)
    out = tok.generate(model, model_input, True, gen)
    if cur_prefix:
        if not out.startswith(cur_prefix):
            raise InvalidInput(
                f"output_template {t.output_template!r} starts with {cur_prefix!r} but the model generated "
                f"{out!r}; check the template or force the output texts"
            )
        out = out[len(cur_prefix) :]
    if suffix:
        if not out.endswith(suffix):
            raise InvalidInput(
                f"output_template {t.output_template!r} ends with {suffix!r} but the model generated "
                f"{out!r}; check the template or force the output texts"
            )
        out = out[: -len(suffix)]
    if has_ctx == use_ctx and not has_cur:
        return t.output_context_text, out.strip()
    return _split_output(t, out, separator, has_cur, strategy)


def _split_output(t: Texts, out: str, separator: str, has_cur: bool, strategy: str):
    """Inseq's automatic split of a generation into output context and current text."""
    import re

    candidate = None
    parts = out.split(separator)
    if len(parts) == 2:
        candidate = parts[0]
    if not candidate:
        parts = [s for s in re.split(r"[\s{}]+".format(re.escape(".?!,;:)]}")), out) if s]
        if len(parts) == 2:
            candidate = parts[0]
    if not candidate:
        raise InvalidInput(
            f"the generated output {out!r} could not be split into output context and current text; "
            "give output_context_text"
        )
    context = candidate
    prefix = t.output_template.split("{current}")[0].format(context=context)
    current = out[min(len(prefix), len(out)) :]
    if not has_cur and not current:
        raise InvalidInput(
            f"the model produced an empty current output after the output context {context!r}; "
            "give output_context_text"
        )
    if has_cur:
        current = t.output_current_text
    return context, current.strip()


def select(scores_: list[float], std_threshold: float | None, topk: int | None):
    """Inseq's ``filter_rank_tokens``: ``[(index, score)]`` ranked by ``|score|``, and the threshold."""
    if std_threshold is None or not scores_:
        threshold = 0.0
    elif std_threshold == 0 or len(scores_) == 1:
        threshold = float(torch.tensor(scores_).mean())
    else:
        t = torch.tensor(scores_)
        threshold = float(t.mean() + std_threshold * t.std())
    ranked = sorted(enumerate(scores_), key=lambda p: abs(p[1]), reverse=True)
    ranked = [(i, s) for i, s in ranked if abs(s) >= threshold]
    return (ranked[:topk] if topk else ranked), threshold


def attribute_context(
    model,
    tokenizer,
    input_current_text: str,
    *,
    input_context_text: str | None = None,
    input_template: str | None = None,
    output_context_text: str | None = None,
    output_current_text: str | None = None,
    output_template: str | None = None,
    contextless_input_current_text: str | None = None,
    contextless_output_current_text: str | None = None,
    attribution_method: str = "saliency",
    attributed_fn: str | None = None,
    context_sensitivity_metric: str = "kl_divergence",
    context_sensitivity_std_threshold: float | None = 1.0,
    context_sensitivity_topk: int | None = None,
    handle_output_context_strategy: str = "pre",
    contextless_output_next_tokens=(),
    special_tokens_to_keep=(),
    decoder_input_output_separator: str = " ",
    generation_args: dict | None = None,
    attribution_args: dict | None = None,
    step_scores_args: dict | None = None,
) -> ContextResult:
    """PECoRe's CTI and CCI over one example; arguments as Inseq's ``attribute-context``."""
    if context_sensitivity_metric not in scores.CONTRASTIVE:
        raise InvalidInput(
            f"unknown context_sensitivity_metric {context_sensitivity_metric!r}; choose one of "
            f"{', '.join(sorted(scores.CONTRASTIVE))}"
        )
    if attributed_fn is not None and attributed_fn not in scores.ATTRIBUTED:
        raise InvalidInput(
            f"unknown attributed_fn {attributed_fn!r}; choose one of {', '.join(scores.ATTRIBUTED)}"
        )
    methods.get(attribution_method).check_args(dict(attribution_args or {}))
    if context_sensitivity_topk is not None and context_sensitivity_topk < 1:
        raise InvalidInput(f"context_sensitivity_topk must be at least 1, got {context_sensitivity_topk}")
    t = check_texts(
        input_current_text,
        input_context_text,
        input_template,
        output_context_text,
        output_current_text,
        output_template,
        contextless_input_current_text,
        contextless_output_current_text,
        handle_output_context_strategy,
    )
    sep, gen = decoder_input_output_separator, dict(generation_args or {})
    tok = Tok(model, tokenizer, special_tokens_to_keep)
    input_full = fill(t.input_template, t.input_current_text, t.input_context_text)
    out_ctx, out_cur = _outputs(model, tok, t, input_full, handle_output_context_strategy, gen, sep)
    if not out_cur.strip():
        raise InvalidInput(
            "the output current text is empty; give output_current_text or generate more tokens"
        )
    output_full = fill(t.output_template, out_cur, out_ctx)
    in_ctx_tokens = tok.filtered(t.input_context_text) if t.input_context_text is not None else None
    if not tok.is_ed:
        output_full = with_sep(input_full, output_full, sep)
    out_cur_tokens = tok.filtered(out_cur, is_target=True)
    out_ctx_tokens = tok.filtered(out_ctx, is_target=True) if out_ctx is not None else None
    in_full_tokens = tok.filtered(input_full)
    out_full_tokens = tok.filtered(output_full, is_target=True)
    ctxless_in = t.contextless_input_current_text.format(current=t.input_current_text)
    ctxless_out = t.contextless_output_current_text.format(current=out_cur)
    if not tok.is_ed:
        ctxless_in = with_sep(ctxless_in, "", sep)
        ctxless_out = ctxless_in + ctxless_out

    # CTI: the contextless run, contrasted with the run given every context.
    seq, values = score_steps(
        model,
        tokenizer,
        ctxless_in.rstrip(" "),
        ctxless_out,
        [context_sensitivity_metric],
        contrast_targets=output_full,
        contrast_sources=input_full if tok.is_ed else None,
        step_scores_args=step_scores_args,
    )
    ctxless_prefix = t.contextless_output_current_text.split("{current}")[0]
    start = len(tok.filtered(ctxless_prefix, is_target=True))
    cti_scores = [float(v) for v in values[context_sensitivity_metric].tolist()][start:]
    cti_tokens = list(seq.target_tokens)[start + seq.attr_pos_start :]
    if tok.is_ed:
        cti_scores, cti_tokens = cti_scores[:-1], cti_tokens[:-1]
    ranked, threshold = select(cti_scores, context_sensitivity_std_threshold, context_sensitivity_topk)
    next_tokens = list(contextless_output_next_tokens or ())
    contrastive_fn = attributed_fn is not None and attributed_fn in scores.CONTRASTIVE
    if contrastive_fn and next_tokens and len(next_tokens) != len(ranked):
        raise InvalidInput(
            f"contextless_output_next_tokens has {len(next_tokens)} tokens but CTI selected {len(ranked)}; "
            "give one per selected token"
        )

    # CTI's tokens come from the contextless run, which can tokenize the output with a token of its
    # own at the start (a lone separator: "him" + " " + "100%" -> "Ġ", "1", ...). Inseq 0.7.1 then
    # attributes the token after each selected one in CCI (and fails at the last); explain4j aligns
    # the two from the end, so CCI attributes the selected token itself.
    shift = len(cti_tokens) - len(out_cur_tokens)
    offset = len(out_full_tokens) - len(cti_tokens)
    if shift:
        t.warnings.append(
            f"the contextless run tokenizes the output with {shift:+d} token(s) at its start "
            f"({cti_tokens[: max(shift, 0)]}); CCI attributes each selected token itself, where Inseq "
            f"0.7.1 attributes the token {shift} position(s) after it"
        )

    # CCI: each selected token attributed with its full context, one step.
    cues = []
    for step, (idx, score) in enumerate(ranked):
        contextual_input = tok.text(in_full_tokens).lstrip(" ")
        contextual_output = tok.text(out_full_tokens[: offset + idx + 1]).lstrip(" ")
        if not contextual_output:
            ctx_toks = [out_full_tokens[offset + idx]] + ([tokenizer.pad_token] if tok.is_ed else [])
            contextual_output = tok.text(ctx_toks, skip_special=True)
        else:
            ctx_toks = tok.tokens(contextual_output, as_target=True)
        kwargs, ctxless_output, contrast_token, fn_used = {}, None, None, attributed_fn
        if contrastive_fn:
            ctxless_in_cci = ctxless_in if tok.is_ed else with_sep(ctxless_in, ctxless_prefix, sep)
            ctxless_output = _contextless_output(
                model,
                tok,
                ctxless_in_cci,
                out_cur_tokens,
                max(idx - shift, 0),
                next_tokens[step] if next_tokens else None,
                gen,
                sep,
            )
            kwargs["contrast_targets"] = ctxless_output
            kwargs["contrast_sources"] = ctxless_in_cci if tok.is_ed else None
            pos = -2 if tok.is_ed else -1
            contrast_token = tok.tokens(ctxless_output, as_target=True)[pos]
            if ctx_toks[pos] == contrast_token:
                fn_used = _forced_contrast_fn(attributed_fn)
                kwargs = {}
        bos_offset = int(
            tok.is_ed or (ctx_toks[0] == tok.special.bos_token and tok.special.bos_token not in tok.keep)
        )
        [attr] = attribute(
            model,
            tokenizer,
            contextual_input,
            contextual_output,
            attribution_method,
            attributed_fn=fn_used,
            attribute_target=tok.is_ed and t.has_output_context,
            attr_pos_start=offset + idx + bos_offset,
            attribution_args=attribution_args,
            allow_empty_target=True,
            **kwargs,
        )
        cues.append(
            CueStep(
                idx,
                cti_tokens[idx],
                score,
                contextual_input,
                contextual_output,
                ctxless_output,
                contrast_token,
                attr,
                _input_rows(tok, t, in_ctx_tokens),
                _output_rows(tok, t, out_ctx_tokens, in_full_tokens, sep),
            )
        )
    t.output_context_text, t.output_current_text = out_ctx, out_cur
    return ContextResult(t, in_ctx_tokens, out_ctx_tokens, cti_tokens, cti_scores, threshold, cues)


# When the contextless output repeats the token, Inseq scores the contrastive side on its own
# forward pass (``contrast_force_inputs``): that side is then a constant of the attributed inputs,
# and attributing ``p - c`` (or ``logit - c``) is attributing ``p`` (``logit``) for every method.
_FORCED_EQUIVALENT = {"contrast_prob_diff": "probability", "contrast_logits_diff": "logit"}


def _forced_contrast_fn(attributed_fn: str) -> str:
    if attributed_fn not in _FORCED_EQUIVALENT:
        raise InvalidInput(
            f"attributed_fn {attributed_fn!r}: the contextless output repeats a context-sensitive token, "
            "where Inseq scores the contrast on its own forward pass; explain4j attributes that case for "
            "contrast_prob_diff and contrast_logits_diff only (or give contextless_output_next_tokens)"
        )
    return _FORCED_EQUIVALENT[attributed_fn]


def _contextless_output(model, tok: Tok, ctxless_in, cti_tokens, idx, forced_next, gen, sep) -> str:
    """The output without context up to the selected token, then the token the model picks there."""
    if forced_next is not None:
        first = tok.tokens(forced_next, as_target=True)[0]
        return tok.text(cti_tokens[:idx] + [first])
    prefix = tok.text(cti_tokens[:idx])
    gen = dict(gen)
    if tok.is_ed:
        gen["max_new_tokens"] = 2
        ids = tok.tokenizer(text_target=prefix, return_tensors="pt")["input_ids"]
        dec = torch.cat([torch.tensor([[tok.special.bos]], dtype=ids.dtype), ids], dim=1)
        if int(dec[0, -1]) == tok.special.eos:
            dec = dec[:, :-1]
        gen["decoder_input_ids"] = dec.to(tok.device)
        return tok.generate(model, ctxless_in, False, gen)
    gen["max_new_tokens"] = 1
    return tok.generate(model, with_sep(ctxless_in, prefix, sep), False, gen)


def _input_rows(tok: Tok, t: Texts, in_ctx_tokens):
    if not t.has_input_context:
        return None
    prefix = t.input_template.partition("{context}")[0]
    if "{current}" in prefix:
        prefix = prefix.format(current=t.input_current_text)
    return ("source" if tok.is_ed else "target", len(tok.filtered(prefix)), len(in_ctx_tokens))


def _output_rows(tok: Tok, t: Texts, out_ctx_tokens, in_full_tokens, sep):
    if not t.has_output_context:
        return None
    prefix = t.output_template.partition("{context}")[0]
    if not tok.is_ed and prefix:
        prefix = sep + prefix
    start = len(tok.filtered(prefix, is_target=True)) + (0 if tok.is_ed else len(in_full_tokens))
    return ("target", start, len(out_ctx_tokens))


def run(lm, input_current_text: str, options: dict | None = None) -> dict:
    """The Java side's entry: plain values, with each CCI attribution as an object to read."""
    if lm.kind == "encoder":
        raise InvalidInput(f"model {lm.source} is encoder-only; context attribution needs a generative model")
    import time

    from .. import __version__

    started = time.perf_counter()
    r = attribute_context(lm.model, lm.tokenizer, input_current_text, **dict(options or {}))
    t = r.texts
    return {
        "explain4jVersion": __version__,
        "engineSeconds": time.perf_counter() - started,
        "inputContext": t.input_context_text,
        "inputCurrent": t.input_current_text,
        "outputContext": t.output_context_text,
        "outputCurrent": t.output_current_text,
        "inputTemplate": t.input_template,
        "outputTemplate": t.output_template,
        "inputContextTokens": r.input_context_tokens,
        "outputContextTokens": r.output_context_tokens,
        "outputCurrentTokens": r.output_current_tokens,
        "ctiScores": r.cti_scores,
        "ctiThreshold": r.cti_threshold,
        "warnings": t.warnings,
        "cues": [
            {
                "ctiIndex": c.cti_idx,
                "ctiToken": c.cti_token,
                "ctiScore": c.cti_score,
                "contextualInput": c.contextual_input,
                "contextualOutput": c.contextual_output,
                "contextlessOutput": c.contextless_output,
                "contrastToken": c.contrast_token,
                "attribution": c.attribution,
                "inputRows": list(c.input_rows) if c.input_rows else None,
                "outputRows": list(c.output_rows) if c.output_rows else None,
            }
            for c in r.cues
        ],
    }
