"""Independent recomputations the Java model tests compare explain4j's results with."""

import shutil
from pathlib import Path


def make_pickle_copy(src, dst):
    """Copy a model directory, replacing model.safetensors with a pickle pytorch_model.bin."""
    import torch
    from safetensors.torch import load_file

    src, dst = Path(src), Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.name != "model.safetensors":
            shutil.copy(f, dst / f.name)
    torch.save(load_file(str(src / "model.safetensors")), dst / "pytorch_model.bin")
    return str(dst)


def make_copy(src, dst, without=(), config=None):
    """Copy a model directory, leaving out the files named in ``without`` and updating config.json
    with the entries of ``config`` (a test model with a broken or unusual directory)."""
    import json

    src, dst = Path(src), Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.name not in without:
            shutil.copy(f, dst / f.name)
    if config:
        path = dst / "config.json"
        path.write_text(json.dumps({**json.loads(path.read_text()), **config}, indent=2))
    return str(dst)


def compare(a, b, atol=1e-5):
    """allclose and the largest absolute difference of two tensors."""
    import torch

    diff = (a.float() - b.float()).abs().max().item() if a.shape == b.shape else float("inf")
    ok = a.shape == b.shape and torch.allclose(a.float(), b.float(), atol=atol, rtol=1e-4)
    return {"allclose": bool(ok), "maxAbsDiff": diff, "shapeA": list(a.shape), "shapeB": list(b.shape)}


def recompute_module(lm, module, captured_input, captured_output):
    """Run ``module`` on the captured input and compare with the captured output."""
    return compare(run_module(lm, module, captured_input), captured_output)


def module_output_gradient(lm, module, prompt_ids, generated_ids):
    """Gradient of the transformers causal-LM loss over ``generated_ids`` w.r.t. a module output.

    Computed without explain4j's hooks or loss: labels mask the prompt with -100, the input
    embeddings are a leaf requiring grad, and the module output is kept by a plain forward hook.
    """
    import torch

    ids = torch.tensor([list(prompt_ids) + list(generated_ids)], device=lm.device)
    labels = ids.clone()
    labels[0, : len(prompt_ids)] = -100
    kept = []
    mod = dict(lm.model.named_modules())[module]
    handle = mod.register_forward_hook(
        lambda m, a, out: kept.append(out[0] if isinstance(out, tuple) else out)
    )
    try:
        with torch.enable_grad():
            embeds = lm.model.get_input_embeddings()(ids).detach().requires_grad_(True)
            loss = lm.model(inputs_embeds=embeds, labels=labels).loss
            (grad,) = torch.autograd.grad(loss, kept[0])
    finally:
        handle.remove()
    return grad


def greedy_reference(lm, prompt_ids, steps):
    """Greedy decoding by hand: a full forward pass per step, no cache, argmax of the last logits."""
    import torch

    ids = list(prompt_ids)
    with torch.no_grad():
        for _ in range(steps):
            logits = lm.model(input_ids=torch.tensor([ids], device=lm.device)).logits
            ids.append(int(logits[0, -1].argmax()))
    return ids[len(prompt_ids) :]


def set_eos(lm, ids):
    """Replace the end-of-sequence ids generation stops at (tests of stopping)."""
    lm.eos_token_ids = [int(i) for i in ids]


def shape(tensor):
    return list(tensor.shape)


def run_module(lm, module, captured_input):
    """``module`` applied to a captured input, without gradients (first output if a tuple)."""
    import torch

    mod = dict(lm.model.named_modules())[module]
    with torch.no_grad():
        out = mod(captured_input)
    return (out[0] if isinstance(out, tuple) else out).contiguous()


def exit_in_forward_hook(lm, module, code):
    """Hook ``module`` with a forward hook that calls ``sys.exit(code)``; returns torch's hook handle."""
    import sys

    def hook(mod, args, output):
        sys.exit(code)

    return lm.model.get_submodule(module).register_forward_hook(hook)


def remove_hook(handle):
    handle.remove()


def reference_attention(model_dir, kind, input_ids, decoder_ids=None, which="attentions"):
    """Attention weights from a freshly loaded eager model, flattened [layers, heads, q, k]."""
    import torch
    from transformers import AutoModel, AutoModelForCausalLM, AutoModelForSeq2SeqLM

    cls = {"decoder": AutoModelForCausalLM, "encoder-decoder": AutoModelForSeq2SeqLM}.get(kind, AutoModel)
    model = cls.from_pretrained(model_dir, attn_implementation="eager").eval()
    inputs = {"input_ids": torch.tensor([list(input_ids)])}
    if decoder_ids is not None:
        inputs["decoder_input_ids"] = torch.tensor([list(decoder_ids)])
    with torch.no_grad():
        out = model(**inputs, output_attentions=True)
    return torch.stack([a[0] for a in getattr(out, which)]).flatten().tolist()
