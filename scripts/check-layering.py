#!/usr/bin/env python3
"""Checks every #include edge between the library's top-level folders against the allowed layering.

The library folders form one chain (docs/architecture.md): a folder may include only folders to its left.
tests/, benchmark/ and python/ sit on top and may include any library folder. Usage:
    check-layering.py [--root DIR]
Prints each forbidden edge as FILE:LINE: FOLDER may not include TARGET, and exits 1 if there is any.
"""
import argparse
import os
import re
import sys

CHAIN = ["core", "datagen", "metrics", "engine", "torch_metrics", "baselines", "methods", "reports", "cli"]
ON_TOP = ["tests", "benchmark", "python"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([A-Za-z0-9_]+)/')


def forbidden_edges(root):
    rank = {name: i for i, name in enumerate(CHAIN)}
    for folder in CHAIN + ON_TOP:
        base = os.path.join(root, folder)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith((".h", ".hpp", ".cpp", ".cc")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m or m.group(1) not in rank or m.group(1) == folder:
                            continue
                        target = m.group(1)
                        if folder in ON_TOP or rank[target] < rank[folder]:
                            continue
                        yield os.path.relpath(path, root), number, folder, target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args()
    bad = list(forbidden_edges(args.root))
    for path, number, folder, target in bad:
        print(f"{path}:{number}: {folder}/ may not include {target}/ (allowed order: {' <- '.join(CHAIN)})")
    if not bad:
        print(f"layering ok: every include between {', '.join(CHAIN)} points left")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
