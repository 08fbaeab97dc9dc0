"""A synthetic stream of logged mentions of known claims, for the matching benchmarks (the generator is
`workbench.match.synthetic`).

Usage: python benchmarks/synthetic.py --claims 5000 --mentions 100000 [--seed 7] -o mentions.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from workbench.match.synthetic import generate

__all__ = ["generate"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for record in generate(args.claims, args.mentions, args.seed):
            out.write(json.dumps(record) + "\n")
    finally:
        if args.output:
            out.close()


if __name__ == "__main__":
    main()
