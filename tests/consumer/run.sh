#!/usr/bin/env bash
# ctest library_consumer: installs the build tree BUILD into a temporary prefix, then configures, builds and
# runs tests/consumer against it (a CXX-only project; docs/library.md).
#   bash tests/consumer/run.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
# Private headers stay out of the install.
for private in core/hdf5.h datagen/rasteriser3d.h metrics/ml/lasso.h; do
  if [[ -e "$tmp/prefix/include/factorbench/$private" ]]; then
    echo "library_consumer: private header $private was installed" >&2
    exit 1
  fi
done
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$tmp/prefix" "${launcher[@]}"
cmake --build "$tmp/build"
mkdir -p "$tmp/out"
"$tmp/build/app" "$tmp/out"

# A missing dependency is named: here LibTorch, hidden from the consumer's configure.
if cmake -S "$here" -B "$tmp/build-no-torch" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" \
     -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON >"$tmp/no-torch.log" 2>&1; then
  echo "library_consumer: configuring without LibTorch succeeded" >&2
  exit 1
fi
grep -q "factorbench needs, and did not find: LibTorch" "$tmp/no-torch.log" || {
  cat "$tmp/no-torch.log" >&2
  echo "library_consumer: the missing LibTorch was not named" >&2
  exit 1
}

# The Python package installs under the prefix beside the libraries, when the build has it.
if [[ -d "$build/python/factorbench" ]]; then
  site=$(find "$tmp/prefix" -path '*/site-packages/factorbench' -type d | head -1)
  if [[ -z "$site" ]]; then
    echo "library_consumer: the Python package was not installed under the prefix" >&2
    exit 1
  fi
  (cd "$tmp" && PYTHONPATH="$(dirname "$site")" /usr/bin/python3 -c \
    "import factorbench; print('python package', factorbench.__version__)")
fi
echo "library_consumer: ok"
