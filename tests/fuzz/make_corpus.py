#!/usr/bin/python3
"""Writes the fuzz targets' seed corpus (tests/fuzz/corpus/<target>/): tiny files in each release's
exact format, written by the format's own tools (numpy, h5py, scipy's MAT v5 writer, the smallNORB and
IDX headers by hand), plus truncated copies. Deterministic; rerun after changing a format:
    /usr/bin/python3 tests/fuzz/make_corpus.py
"""
import gzip
import io
import os
import struct
import zlib

import h5py
import numpy as np
import scipy.io

HERE = os.path.dirname(os.path.abspath(__file__))
SEP = b"\n--fb-fuzz-file--\n"  # fb::fuzz::kSeparator
rng = np.random.default_rng(0)


def put(target, name, data, truncate=True):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    if truncate and len(data) > 8:
        with open(os.path.join(d, name + ".cut"), "wb") as f:
            f.write(data[: len(data) * 2 // 3])


def npz_bytes(compressed, **arrays):
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, **arrays)
    return buf.getvalue()


def npz():
    n = 3
    dsprites = dict(imgs=rng.integers(0, 2, (n, 4, 4), dtype=np.uint8),
                    latents_classes=rng.integers(0, 3, (n, 6)).astype(np.int64),
                    latents_values=rng.random((n, 6)),
                    metadata=np.array({"title": "dSprites"}, dtype=object))
    put("npz", "dsprites.npz", npz_bytes(False, **dsprites))
    put("npz", "dsprites_compressed.npz", npz_bytes(True, **dsprites))
    put("npz", "mpi3d.npz", npz_bytes(False, images=rng.integers(0, 255, (1, 8, 8, 3), dtype=np.uint8)))
    buf = io.BytesIO()
    np.save(buf, np.arange(6, dtype="<i4").reshape(2, 3))
    put("npz", "array.npy", buf.getvalue(), truncate=False)


def h5_bytes(build):
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        build(f)
    return buf.getvalue()


def hdf5():
    n = 2

    def dsprites(f):
        f["imgs"] = rng.integers(0, 2, (n, 4, 4), dtype=np.uint8)
        f["latents/classes"] = rng.integers(0, 2, (n, 6)).astype(np.int64)
        f["latents/values"] = rng.random((n, 6))

    def shapes3d(f):
        f.create_dataset("images", data=rng.integers(0, 255, (n, 4, 4, 3), dtype=np.uint8),
                         chunks=(1, 4, 4, 3), compression="gzip")
        f["labels"] = rng.random((n, 6))

    def converted(f):
        f.create_dataset("images", data=rng.integers(0, 255, (n, 4, 4, 1), dtype=np.uint8),
                         chunks=(1, 4, 4, 1), compression="gzip")
        f["factors/classes"] = np.array([[0], [1]], dtype=np.int64)
        f["factors/sizes"] = np.array([2], dtype=np.int64)
        f["factors/values"] = np.array([0.0, 1.0])
        f.attrs["dataset"] = "tiny"
        f.attrs["factor_names"] = "digit"
        f.attrs["pixel_scale"] = np.array([1 / 255])
        f.attrs["converted_from"] = "mnist_idx"
        f.attrs["source"] = "/data/mnist"

    def teapots(f):
        f["imgs"] = rng.integers(0, 255, (n, 4, 4, 3), dtype=np.uint8)
        f["latents"] = rng.random((n, 5))

    for name, build in [("dsprites.hdf5", dsprites), ("3dshapes.h5", shapes3d),
                        ("converted.h5", converted), ("teapots.h5", teapots)]:
        put("hdf5", name, h5_bytes(build))


def norb_matrix(array, magic):
    dims = list(array.shape)
    head = struct.pack("<ii", magic, len(dims)) + b"".join(struct.pack("<i", d) for d in dims + [1] * (3 - len(dims)))
    return head + array.astype(array.dtype.newbyteorder("<")).tobytes()


def smallnorb():
    n, side = 2, 4
    parts = []
    for _ in range(2):  # training, testing
        dat = norb_matrix(rng.integers(0, 255, (n, 2, side, side), dtype=np.uint8), 0x1E3D4C55)
        cat = norb_matrix(rng.integers(0, 5, (n,), dtype=np.int32), 0x1E3D4C54)
        info = norb_matrix(np.array([[i, 0, 2 * i, 0] for i in range(n)], dtype=np.int32), 0x1E3D4C54)
        parts += [dat, cat, info]
    put("smallnorb", "six_files", SEP.join(parts))
    put("smallnorb", "dat_only", parts[0])


def mat():
    im = rng.integers(0, 255, (2, 2, 3, 24, 4), dtype=np.uint8)
    for compress in (False, True):
        buf = io.BytesIO()
        scipy.io.savemat(buf, {"im": im, "mask": np.ones((2, 2))}, do_compression=compress)
        put("mat", "car_mesh%s.mat" % ("_compressed" if compress else ""), buf.getvalue())
    buf = io.BytesIO()
    scipy.io.savemat(buf, {"other": np.zeros((2, 2), dtype=np.uint8)})
    put("mat", "no_im.mat", buf.getvalue(), truncate=False)


def idx(array, code):
    return struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + b"".join(
        struct.pack(">I", d) for d in array.shape) + array.tobytes()


def mnist():
    n = 2
    files = [idx(rng.integers(0, 255, (n, 28, 28), dtype=np.uint8), 3), idx(np.array([3, 7], np.uint8), 1)] * 2
    put("idx", "four_files", SEP.join(files))
    put("idx", "four_files_gz", SEP.join(gzip.compress(f, mtime=0) for f in files))


def png(width, height):
    rows = b"".join(b"\x00" + bytes(rng.integers(0, 255, width * 3, dtype=np.uint8)) for _ in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def png_folder():
    names = "\n".join("%06d.png" % i for i in range(6)).encode()
    put("png_folder", "fuzz_grid", names + SEP + png(3, 2))
    put("png_folder", "images_subfolder", "\n".join("images/%d.png" % i for i in range(6)).encode().replace(
        b"images/0.png", b"images/000000.png") + SEP + png(2, 2))
    put("png_folder", "missing", b"000000.png\n000004.png" + SEP + png(2, 2), truncate=False)


def json_files():
    root = os.path.join(HERE, "..", "..", "reports")
    for kind in ("specs", "presets"):
        for name in sorted(os.listdir(os.path.join(root, kind))):
            with open(os.path.join(root, kind, name), "rb") as f:
                put("json", kind + "_" + name, f.read(), truncate=False)
    put("json", "mnist_config.json", b'{"path": "/data/mnist", "subset": "imbalanced", "split": 3}', truncate=False)
    put("json", "override", b"models.config.beta=4", truncate=False)


for make in (npz, hdf5, smallnorb, mat, mnist, png_folder, json_files):
    make()
