"""Attribution engine: Inseq-compatible raw attributions, computed with batched gradients.

``attribute(model, tokenizer, inputs, targets=None, method="saliency", ...)`` returns one
:class:`SequenceAttribution` per input with the raw granular tensors laid out as Inseq lays out
``source_attributions`` / ``target_attributions`` / ``step_scores``, plus the description of the
aggregation Inseq applies by default (``default_aggregation``), so that the Java side can
aggregate exactly as Inseq does (aggregation itself lives in Java only). :mod:`.catalog` describes
every method, option and step score for Java.

Speed: one forward pass serves every generation step; per-step gradients are batched VJPs (see
:mod:`.vjp`). The default strategy ``chunked`` (steps grouped by prefix length, each group one
forward up to its longest prefix plus one ``is_grads_batched`` backward) was the fastest measured
on CPU (``bench/attribution_bench.py``); ``vmap`` (one full-length forward) is equivalent for
saliency-like methods and slower for integrated gradients; ``replicate`` (steps as batch rows)
was about 2x slower on CPU and is kept for per-step inputs (GradientSHAP) and GPU experiments.
"""

from .api import attribute
from .methods import METHODS
from .result import SequenceAttribution
from .scores import ATTRIBUTED, STEP_SCORES

__all__ = ["attribute", "SequenceAttribution", "METHODS", "ATTRIBUTED", "STEP_SCORES"]
