#!/usr/bin/env bash
# Rebuild openjpeg-decode.wasm: OpenJPEG 2.5.0 (Debian bookworm's openjpeg2 source package, with
# Debian's security patches) + openjpeg-decode.c, compiled with Emscripten 3.1.6 (Debian's
# `emscripten` package) at -O3 with WebAssembly SIMD (OpenJPEG's SSE/SSE2 paths, which Emscripten
# maps onto wasm128 instructions). Needs: apt-get install emscripten dpkg-dev xz-utils.
#
#   bash packages/engine/vendor/openjpeg/build.sh [unpacked-openjpeg2-source-dir]
#
# Without an argument it fetches the source package with `apt-get source` (deb-src for bookworm
# must be configured) into a temporary directory and applies Debian's patches.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
debian_version="2.5.0-2+deb12u3"
orig_sha256="007e19d772c8b6b22e35379630b06ff3549e49ba719d96453607a36ad7b4de73"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ $# -ge 1 ]]; then
  src="$(cd "$1" && pwd)"
else
  (cd "$work" && apt-get source --download-only "openjpeg2=${debian_version}" >/dev/null)
  echo "${orig_sha256}  ${work}/openjpeg2_2.5.0.orig.tar.xz" | sha256sum -c --quiet -
  (cd "$work" && dpkg-source -x "openjpeg2_${debian_version}.dsc" src >/dev/null)
  src="$work/src"
fi

lib="$src/src/lib/openjp2"
[[ -f "$lib/openjpeg.h" ]] || { echo "no OpenJPEG sources in $src" >&2; exit 1; }

# The two headers CMake would generate.
mkdir -p "$work/include"
cat >"$work/include/opj_config.h" <<'H'
#define OPJ_HAVE_STDINT_H 1
#define OPJ_VERSION_MAJOR 2
#define OPJ_VERSION_MINOR 5
#define OPJ_VERSION_BUILD 0
H
cat >"$work/include/opj_config_private.h" <<'H'
#define OPJ_HAVE_INTTYPES_H 1
#define OPJ_PACKAGE_VERSION "2.5.0"
#define OPJ_HAVE_POSIX_MEMALIGN
#if !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200112L
#endif
H

sources=()
for name in bio cio dwt event ht_dec image invert j2k jp2 mct mqc openjpeg opj_clock opj_malloc pi \
  sparse_array t1 t2 tcd tgt function_list thread; do
  sources+=("$lib/$name.c")
done

exports='["_lj_malloc","_lj_free","_lj_decode","_lj_release","_lj_error_message","_lj_data","_lj_length","_lj_width","_lj_height","_lj_components","_lj_bytes_per_sample","_lj_precision","_lj_is_signed"]'

emcc -O3 -flto -msimd128 -msse -msse2 -DNDEBUG -DOPJ_STATIC \
  -ffile-prefix-map="$src"=openjpeg -ffile-prefix-map="$work"=build -ffile-prefix-map="$here"=vendor \
  -I"$work/include" -I"$lib" \
  "${sources[@]}" "$here/openjpeg-decode.c" \
  --no-entry -sSTANDALONE_WASM=1 -sFILESYSTEM=0 -sASSERTIONS=0 \
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=16MB -sMAXIMUM_MEMORY=2GB -sTOTAL_STACK=1MB \
  -sEXPORTED_FUNCTIONS="$exports" \
  ${EXTRA_FLAGS:-} -o "$work/openjpeg-decode.wasm"

cp "$work/openjpeg-decode.wasm" "${OUT:-$here/openjpeg-decode.wasm}"
sha256sum "${OUT:-$here/openjpeg-decode.wasm}"
