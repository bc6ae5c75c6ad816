#!/usr/bin/env bash
# A folder of colour images by class from Debian's oxygen-icon-theme: the icons of six categories (actions, apps,
# devices, mimetypes, places, status) at 22, 32 and 48 pixels, a fifth of each category's icons (by name, the
# same for every size) held out for testing. Mixed sizes: search it with data.image_size (--image-size 32).
#   apt-get install oxygen-icon-theme && bench/datasets/oxygen-icons.sh /tmp/oxygen-icons
set -euo pipefail
out="${1:?usage: oxygen-icons.sh OUT_DIR}"
base=/usr/share/icons/oxygen/base
[ -d "$base" ] || { echo "no $base: apt-get install oxygen-icon-theme" >&2; exit 2; }
rm -rf "$out"
for category in actions apps devices mimetypes places status; do
  for size in 22x22 32x32 48x48; do
    for icon in "$base/$size/$category"/*.png; do
      name="$(basename "$icon" .png)"
      # Held out by name, so that no icon is in both parts at another size.
      part=train
      [ $(( $(printf '%s' "$name" | cksum | cut -d' ' -f1) % 5 )) -eq 0 ] && part=test
      mkdir -p "$out/$part/$category"
      cp "$icon" "$out/$part/$category/$name-$size.png"
    done
  done
done
for part in train test; do
  echo "$part: $(find "$out/$part" -name '*.png' | wc -l) images in $(ls "$out/$part" | wc -l) classes"
done
