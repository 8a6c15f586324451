"""Independent reference computations for the explain session's tests (not used by the library).

The label gradients here are recomputed a different way from ``explain.teacher_forced_gradients``:
block inputs come from forward pre-hooks on the decoder layers rather than ``output_hidden_states``,
the loss is ``torch.nn.functional.cross_entropy`` and the gradients come from ``torch.autograd.grad``.
"""

from explain4j import architectures


def reference_label_gradients(lm, prompt_ids, label_ids):
    """{"gradient": [...], "saliency": [...], "block": [...]} as flat float lists (row-major)."""
    import torch
    import torch.nn.functional as F

    model = lm.model
    ids = torch.tensor([list(prompt_ids) + list(label_ids)], device=lm.device)
    embeds = model.get_input_embeddings()(ids).detach().clone().requires_grad_(True)
    inputs = []

    def grab(module, args, kwargs):
        h = kwargs.get("hidden_states", args[0] if args else None)
        inputs.append(h)

    layers = architectures.for_model(model).layers(model)
    handles = [layer.register_forward_pre_hook(grab, with_kwargs=True) for layer in layers]
    try:
        with torch.enable_grad():
            logits = model(inputs_embeds=embeds).logits[0]
            n = len(prompt_ids)
            pred = logits[n - 1 : n - 1 + len(label_ids)].double()
            loss = F.cross_entropy(pred, torch.tensor(label_ids, device=lm.device))
            grads = torch.autograd.grad(loss, [embeds] + inputs)
    finally:
        for h in handles:
            h.remove()
    g = grads[0][0].double()
    block = [(gb[0].double() * h[0].double()).sum(-1) for gb, h in zip(grads[1:], inputs)]
    return {
        "gradient": g.flatten().tolist(),
        "saliency": g.norm(dim=-1).tolist(),
        "block": torch.stack(block).detach().flatten().tolist(),
        "loss": float(loss.detach()),
    }
