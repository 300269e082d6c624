"""Wheels of every distribution installed in a virtual environment, rebuilt from its files (RECORD).

`scripts/bundle` syncs the locked runtime packages (`uv sync --frozen --no-dev`) into a fresh
environment from uv's cache, which holds unpacked wheels rather than .whl files, and this writes
each one back as a wheel: the files the wheel installed, its WHEEL tags and metadata, and a new
RECORD. Console scripts are left out (pip writes them again from entry_points.txt); other files
installed outside site-packages (man pages, C headers) go back under the wheel's .data folder.

    python scripts/bundle_wheels.py SITE_PACKAGES OUTPUT_DIR
"""

import base64
import csv
import hashlib
import io
import re
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

SKIP = {"INSTALLER", "REQUESTED", "RECORD", "direct_url.json", "uv_cache.json", "uv_build.json"}


def _hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _tags(wheel_file: str) -> str:
    parts: list[list[str]] = [[], [], []]
    for line in wheel_file.splitlines():
        if line.startswith("Tag:"):
            for i, part in enumerate(line.split(":", 1)[1].strip().split("-")):
                if part not in parts[i]:
                    parts[i].append(part)
    return "-".join(".".join(sorted(p)) for p in parts)


def repack(dist_info: Path, output: Path) -> Path:
    site = dist_info.parent
    meta = Parser().parsestr((dist_info / "METADATA").read_text(encoding="utf-8"))
    name, version = re.sub(r"[-_.]+", "_", meta["Name"]).lower(), meta["Version"]
    data_dir = f"{name}-{version}.data"
    scripts = set()
    entry_points = dist_info / "entry_points.txt"
    if entry_points.exists():
        scripts = set(re.findall(r"^\s*([\w.-]+)\s*=", entry_points.read_text(encoding="utf-8"), re.M))
    members: list[tuple[str, Path]] = []
    with (dist_info / "RECORD").open(encoding="utf-8", newline="") as record:
        for row in csv.reader(record):
            path = row[0]
            if "__pycache__" in path or path.endswith(".pyc"):
                continue
            if path.startswith(dist_info.name + "/") and path.split("/", 1)[1] in SKIP:
                continue
            source = (site / path).resolve()
            if path.startswith("../"):
                outside = Path(path).parts[3:]  # ../../../<prefix-relative path>
                if outside[0] == "bin":
                    if outside[-1] in scripts:
                        continue
                    arcname = f"{data_dir}/scripts/{outside[-1]}"
                else:
                    arcname = f"{data_dir}/data/" + "/".join(outside)
            else:
                arcname = path
            if source.is_file():
                members.append((arcname, source))
    target = output / f"{name}-{version}-{_tags((dist_info / 'WHEEL').read_text(encoding='utf-8'))}.whl"
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as wheel:
        for arcname, source in sorted(members):
            data = source.read_bytes()
            info = zipfile.ZipInfo(arcname, date_time=(2020, 2, 2, 0, 0, 0))
            info.external_attr = (source.stat().st_mode & 0o777 | 0o100000) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
            writer.writerow([arcname, _hash(data), len(data)])
        writer.writerow([f"{dist_info.name}/RECORD", "", ""])
        wheel.writestr(f"{dist_info.name}/RECORD", rows.getvalue())
    return target


def main(site_packages: str, output: str) -> None:
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    for dist_info in sorted(Path(site_packages).glob("*.dist-info")):
        print(repack(dist_info, out).name)


if __name__ == "__main__":
    main(*sys.argv[1:])
