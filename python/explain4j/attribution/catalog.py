"""The catalogue of what the engine offers, as plain values: Java reads it once per runtime.

:func:`describe` is built from the registries themselves (:data:`.methods.METHODS`,
:data:`.scores.STEP_SCORES`, :data:`.scores.ATTRIBUTED`), so adding a method there is all it takes
for Java's validation and the command line's help to know it.
"""

from __future__ import annotations

from . import methods, scores


def describe() -> dict:
    """Methods (options with types, defaults and bounds; dims; default aggregation), step scores
    (whether contrastive; their arguments, described as method options are, a default of None
    meaning the argument must be given) and attributed functions."""
    return {
        "methods": [m.describe() for m in methods.METHODS.values() if m.run is not None],
        "classifierMethods": [m.describe() for m in methods.METHODS.values() if m.classify is not None],
        "stepScores": [
            {
                "name": name,
                "contrastive": name in scores.CONTRASTIVE,
                "args": [o.describe() for o in scores.STEP_SCORE_ARGS.get(name, ())],
            }
            for name in scores.STEP_SCORES
        ],
        "attributedFns": [
            {
                "name": name,
                "contrastive": name in scores.CONTRASTIVE,
                "inseqName": scores.INSEQ_FN_NAMES[name],
            }
            for name in scores.ATTRIBUTED
        ],
    }
