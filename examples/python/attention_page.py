"""A model's attention as an interactive HTML page, from Python with only the explain4j wheel.

    pip install explain4j-0.1.0.dev0-py3-none-any.whl
    python attention_page.py MODEL_DIR "The capital of France is" --generate 4 --out attention.html

Nothing else is needed in this Python environment: no torch, no transformers. explain4j starts a
JVM from the jars inside the wheel (Java 17 on JAVA_HOME or PATH), which runs the model in its own
Python environment and renders the page.
"""

import argparse
import sys

from explain4j import model_attention
from explain4j.client.gateway import GatewayError
from explain4j.errors import InvalidInput


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a model directory")
    parser.add_argument("text", nargs="?", default="The capital of France is")
    parser.add_argument("--generate", type=int, default=4, help="tokens to generate first")
    parser.add_argument("--out", default="attention.html", help="the page to write")
    args = parser.parse_args(argv)
    try:
        page = model_attention(args.model, args.text, generate=args.generate, out=args.out)
    except InvalidInput as e:
        print(f"attention_page: {e}", file=sys.stderr)
        return 2
    except GatewayError as e:
        print(f"attention_page: {e}", file=sys.stderr)
        return 1
    print(f"wrote {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
