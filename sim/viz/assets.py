"""Solara's browser assets, for running the dashboard without access to a CDN.

Solara's page loads its JavaScript and CSS from npm packages through a CDN, which a machine on a
closed network cannot reach. `fetch_assets` gets the same npm packages with `npm pack` (the npm
registry, through the ordinary client) and unpacks them into a cache folder laid out as Solara's
asset proxy expects; `serve` points Solara at that folder when it holds the assets.

Run `python -m sim.viz.assets` once to fill the cache (CI does it in `.ci/run`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

#: Where the assets are cached (override with AUTOREGIONS_SOLARA_ASSETS).
CACHE = Path(
    os.environ.get(
        "AUTOREGIONS_SOLARA_ASSETS", Path.home() / ".cache" / "autoregions" / "solara-cdn"
    )
)
_PACKAGE = re.compile(r"\{\{cdn\}\}/((?:@[\w.-]+/)?[\w.-]+@[\w.-]+)/")


def required_packages() -> list[str]:
    """npm packages (name@version) that the installed Solara's page template loads."""
    # lazy: solara is an optional extra (viz)
    import solara.server

    template = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"
    found = dict.fromkeys(_PACKAGE.findall(template.read_text(encoding="utf-8")))
    # lazy: solara is an optional extra (viz)
    from solara.server.settings import assets

    fontawesome = assets.fontawesome_path.strip("/").split("/")[0]
    if fontawesome:
        found[fontawesome] = None
    return list(found)


def have_assets(cache: Path = CACHE) -> bool:
    """Whether every package the page needs is unpacked in `cache`."""
    try:
        return all((cache / p).is_dir() for p in required_packages())
    except Exception:  # an unexpected Solara layout: let Solara use its CDN
        return False


def fetch_assets(cache: Path = CACHE) -> list[str]:
    """Unpack the missing packages into `cache` with `npm pack`; returns those fetched."""
    npm = shutil.which("npm")
    missing = [p for p in required_packages() if not (cache / p).is_dir()]
    if missing and npm is None:
        raise RuntimeError("npm is not installed; it is needed to fetch Solara's page assets")
    cache.mkdir(parents=True, exist_ok=True)
    for package in missing:
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            out = subprocess.run(
                [npm, "pack", "--silent", package],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=300,
            )
            if out.returncode != 0:
                raise RuntimeError(f"npm pack {package} failed: {out.stderr.strip()[-300:]}")
            tarball = Path(tmp) / out.stdout.strip().splitlines()[-1]
            unpacked = Path(tmp) / "unpacked"
            with tarfile.open(tarball) as tar:
                tar.extractall(unpacked, filter="data")
            target = cache / package
            target.parent.mkdir(parents=True, exist_ok=True)
            (unpacked / "package").rename(target)
    return missing


if __name__ == "__main__":
    try:
        fetched = fetch_assets()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"solara assets: {exc}", file=sys.stderr)
        sys.exit(1)
    print(f"solara assets in {CACHE}: " + (", ".join(fetched) + " fetched" if fetched else "ok"))
