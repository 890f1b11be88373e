#!/usr/bin/env bash
# Make sure the Debian libraries Qt needs are present. As root, install what is missing
# with apt-get; otherwise print the one command to run and fail.
#   scripts/ensure-system-libs.sh offscreen   # tests, PDF export, screenshots
#   scripts/ensure-system-libs.sh window      # a real window on X11 as well
#   scripts/ensure-system-libs.sh window-test # and Xvfb, xdotool, xclip, ImageMagick for `make test-window`
set -euo pipefail
mode=${1:-offscreen}

# library file -> Debian package
declare -A libs=(
  [libGL.so.1]=libgl1 [libEGL.so.1]=libegl1 [libglib-2.0.so.0]=libglib2.0-0
  [libfontconfig.so.1]=libfontconfig1 [libfreetype.so.6]=libfreetype6
  [libxkbcommon.so.0]=libxkbcommon0 [libdbus-1.so.3]=libdbus-1-3 [libX11.so.6]=libx11-6
)
declare -A tools=()
if [ "$mode" = window-test ]; then
  tools=([Xvfb]=xvfb [xdotool]=xdotool [xclip]=xclip [import]=imagemagick [xwininfo]=x11-utils)
  mode=window
fi
if [ "$mode" = window ]; then
  libs+=(
    [libX11-xcb.so.1]=libx11-xcb1 [libxcb-cursor.so.0]=libxcb-cursor0 [libxcb-icccm.so.4]=libxcb-icccm4
    [libxcb-image.so.0]=libxcb-image0 [libxcb-keysyms.so.1]=libxcb-keysyms1 [libxcb-randr.so.0]=libxcb-randr0
    [libxcb-render-util.so.0]=libxcb-render-util0 [libxcb-shape.so.0]=libxcb-shape0 [libxcb-xkb.so.1]=libxcb-xkb1
    [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  )
fi

[ "$(uname -s)" = Linux ] || exit 0
command -v ldconfig >/dev/null || exit 0
have=$(ldconfig -p)
missing=()
for lib in "${!libs[@]}"; do
  grep -q "$lib" <<<"$have" || missing+=("${libs[$lib]}")
done
for tool in "${!tools[@]}"; do
  command -v "$tool" >/dev/null || missing+=("${tools[$tool]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Qt's system libraries: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $cmd >/dev/null
else
  echo "Qt needs these system libraries first. Run:" >&2
  echo "  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
