"""pip install ./python: builds factorbench._native with the repository's CMake build (target fb_python, in
$FACTORBENCH_BUILD_DIR, default build/ at the repository root) and installs the package (docs/python.md).

There is deliberately no pyproject.toml: pip then builds with the setuptools and wheel already installed
(Debian's python3-setuptools, python3-wheel) instead of fetching them into an isolated environment.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def version():
    with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
        return re.search(r"project\(factorbench VERSION ([0-9.]+)", f.read()).group(1)


class CMakeBuild(build_ext):
    """Configures (once) and builds the module target, then copies it where setuptools expects it."""

    def build_extension(self, ext):
        build = os.environ.get("FACTORBENCH_BUILD_DIR", os.path.join(ROOT, "build"))
        # An existing build keeps its configuration (and its interpreter: the module's suffix must match).
        if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
            subprocess.run(["cmake", "-S", ROOT, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                            f"-DPython_EXECUTABLE={sys.executable}"], check=True)
        subprocess.run(["cmake", "--build", build, "--target", "fb_python"], check=True)
        name = os.path.basename(self.get_ext_filename(ext.name))  # _native.cpython-311-x86_64-linux-gnu.so
        built = glob.glob(os.path.join(build, "python", "factorbench", name))
        if not built:
            raise RuntimeError(f"{build}/python/factorbench holds no {name}: that build is for another Python "
                               "or lacks the methods layer (set FACTORBENCH_BUILD_DIR to a fresh directory)")
        dest = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(built[0], dest)


setup(
    name="factorbench",
    version=version(),
    description="Disentanglement metrics, model selection and factor datasets (C++ library, numpy API)",
    packages=["factorbench"],
    ext_modules=[Extension("factorbench._native", sources=[]), Extension("factorbench._selection", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    python_requires=">=3.8",
    install_requires=["numpy"],
    zip_safe=False,
)
