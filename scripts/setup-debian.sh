#!/usr/bin/env bash
# Installs every Debian 12 package factorbench needs to build, test and run (idempotent: a machine that
# has them all is left untouched, without even an `apt-get update`). Run as root (or with sudo).
#   bash scripts/setup-debian.sh
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config git clang-format clang-tidy
  libtorch-dev            # LibTorch 1.13 (CPU); any other LibTorch works through CMAKE_PREFIX_PATH
  libopenblas0-pthread    # optimised BLAS: with the reference BLAS training is ~8x slower
  libhdf5-dev zlib1g-dev nlohmann-json3-dev libcli11-dev libeigen3-dev
  libzip-dev              # numpy .npz archives (the dSprites and MPI3D releases)
  libmatio-dev            # MATLAB v5 files (the Cars3D release)
  python3-numpy           # writes real .npz files for the reader cross-check test
  libopencv-dev libopenblas-dev   # OpenCV: image resizing, augmentation, pictures (with OpenBLAS kept as the BLAS)
  libgtest-dev libgmock-dev libbenchmark-dev
  valgrind                # instruction-count benchmarks under Callgrind (docs/benchmarks.md)
  clang libfuzzer-14-dev libclang-rt-14-dev libomp-dev   # the readers' fuzz targets (docs/reliability.md)
  python3-sklearn python3-h5py python3-torch   # reference cross-checks (scikit-learn, PyTorch)
  python3-dev pybind11-dev python3-numpy python3-pytest   # the Python package and its tests (docs/python.md)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-debian: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# OpenBLAS must be the system BLAS (the alternatives link libblas.so.3); factorbench pins it to one thread
# at start-up (openblas_set_num_threads) so it does not fight LibTorch's OpenMP pool.
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
case "$blas" in
  *openblas*) ;;
  *) echo "setup-debian: warning: libblas.so.3 is $blas, not OpenBLAS; training will be much slower" >&2 ;;
esac
