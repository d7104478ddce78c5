#!/usr/bin/env python3
"""Stores a `factorbench reproduce` directory as a small reference for `factorbench compare`.

  store-reference.py SRC DST

Copies SRC to DST without checkpoints/ and logs/, and replaces every large binary file (model.pt, images,
HDF5: anything over 16 KB that is not JSON, CSV, Markdown or text) by FILE.sha256, its SHA-256 in hex.
compare counts FILE.sha256 as the file when it digests a job's outputs, so DST compares exactly as SRC
would, at a few hundred kilobytes instead of tens of megabytes (docs/ci.md). Python 3 standard library only.
"""
import hashlib
import os
import shutil
import sys

KEEP = {".json", ".csv", ".md", ".txt"}
LIMIT = 16 * 1024


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    if not os.path.exists(os.path.join(src, "manifest.json")):
        sys.exit(f"store-reference: {src}: no manifest.json (not a reproduce directory)")
    if os.path.exists(dst):
        sys.exit(f"store-reference: {dst}: exists")
    kept = digested = 0
    for root, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d not in ("checkpoints", "logs"))
        out = os.path.join(dst, os.path.relpath(root, src))
        os.makedirs(out, exist_ok=True)
        for name in sorted(files):
            path = os.path.join(root, name)
            if os.path.splitext(name)[1] in KEEP or os.path.getsize(path) <= LIMIT:
                shutil.copy2(path, os.path.join(out, name))
                kept += 1
            else:
                h = hashlib.sha256()
                with open(path, "rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        h.update(block)
                with open(os.path.join(out, name + ".sha256"), "w") as f:
                    f.write(h.hexdigest() + "\n")
                digested += 1
    print(f"store-reference: {dst}: {kept} files copied, {digested} stored as digests")


if __name__ == "__main__":
    main()
