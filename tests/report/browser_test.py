#!/usr/bin/env python3
"""`takt report` of examples/porto in headless Chromium: the page loads with no console message
and no request (it has no script and refers to nothing off the page), and a screenshot shows the
charts (enough coloured pixels). The same history through a `takt serve` journal gives the same
data as the event log. Exits 77 (ctest SKIP_RETURN_CODE) when Chromium is absent.

Usage: browser_test.py TAKT PORTO_DIR
"""
import os
import struct
import subprocess
import sys
import tempfile
import urllib.parse
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "doc"))
from browser_test import SKIP, Page, find_chromium, load_in_browser  # noqa: E402

# Text, tables and the navigation bar are black, grey or greyish blue: a page without charts has
# next to no coloured pixel. porto's charts (sigma bands, bars, limit lines) colour about 0.4% of
# a 1400x4000 screenshot.
MIN_COLOURED = 0.002


def png_pixels(path):
    """Width, height and rows of RGB(A) bytes of an 8-bit, non-interlaced PNG (Chromium's)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(line)
        previous = line
    return width, height, channels, rows


def coloured_share(path):
    """The share of pixels that are neither white-ish nor grey: the charts' colours."""
    width, height, channels, rows = png_pixels(path)
    coloured = 0
    for line in rows:
        for x in range(0, width * channels, channels):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if max(r, g, b) - min(r, g, b) > 40:
                coloured += 1
    return coloured / (width * height)


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def main():
    takt, porto = sys.argv[1], sys.argv[2]
    events = os.path.join(porto, "events.jsonl")
    problems = []
    with tempfile.TemporaryDirectory(prefix="takt-report-") as tmp:
        page_path, data_path = os.path.join(tmp, "report.html"), os.path.join(tmp, "report.json")
        run([takt, "report", "--interp", porto, "--events", events, "-o", page_path, "--data", data_path])
        # The journal road: serve journals the same events; the report re-derives the actions.
        journal, delivered = os.path.join(tmp, "plant.db"), os.path.join(tmp, "delivered.jsonl")
        run([takt, "serve", "--interp", porto, "--journal", journal, "--events", events, "-o", delivered])
        journal_data = os.path.join(tmp, "journal.json")
        run([takt, "report", "--interp", porto, "--journal", journal, "-o", os.path.join(tmp, "journal.html"),
             "--data", journal_data])
        with open(data_path, encoding="utf-8") as a, open(journal_data, encoding="utf-8") as b:
            if a.read() != b.read():
                problems.append("the journal's report data differs from the event log's")
        page = Page()
        with open(page_path, encoding="utf-8") as f:
            html = f.read()
        page.feed(html)
        if page.scripts:
            problems.append(f"the page has {page.scripts} <script> element(s)")
        for tag, url in page.urls:
            parts = urllib.parse.urlsplit(url)
            if (parts.scheme or parts.netloc or parts.path) and not (tag == "link" and url == "data:,"):
                problems.append(f"<{tag}> refers off the page: {url}")
        if html.count("<svg") < 4:
            problems.append(f"the page has {html.count('<svg')} charts, expected at least 4")
        chromium = find_chromium()
        if chromium is None:
            for problem in problems:
                print("FAIL " + problem)
            print("SKIP: chromium is not installed (scripts/bootstrap installs it); the page was checked")
            return 1 if problems else SKIP
        dom, load_problems = load_in_browser(chromium, page_path, os.path.join(tmp, "profile"))
        problems += load_problems
        if "hole_diameter" not in dom or "<svg" not in dom:
            problems.append("the DOM lacks the hole_diameter chart")
        shot = os.path.join(tmp, "report.png")
        result = subprocess.run(
            [chromium, "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
             "--user-data-dir=" + os.path.join(tmp, "profile"), "--hide-scrollbars", "--window-size=1400,4000",
             "--screenshot=" + shot, "file://" + page_path],
            capture_output=True, text=True, timeout=120)
        if result.returncode != 0 or not os.path.exists(shot):
            problems.append(f"no screenshot ({result.returncode}): {result.stderr[-2000:]}")
        else:
            share = coloured_share(shot)
            print(f"screenshot: {share:.1%} of the pixels coloured")
            if share < MIN_COLOURED:
                problems.append(f"the screenshot shows no charts: {share:.1%} coloured, expected {MIN_COLOURED:.1%}")
        for problem in problems:
            print("FAIL " + problem)
        print(f"report loaded in {chromium}" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
