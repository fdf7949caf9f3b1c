#!/usr/bin/env python3
"""`takt doc examples/porto` in headless Chromium: every page loads without a console message or a
failed request, every internal link resolves to an existing page and anchor, and nothing points
off the site (no network dependency). Exits 77 (ctest SKIP_RETURN_CODE) when Chromium is absent.

Usage: browser_test.py TAKT PORTO_DIR
"""
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

SKIP = 77


class Page(html.parser.HTMLParser):
    """The ids a page defines and the URLs it refers to (href and src)."""

    def __init__(self):
        super().__init__()
        self.ids = set()
        self.urls = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)
            elif name in ("href", "src", "xlink:href") and value is not None:
                self.urls.append((tag, value))


def check_links(site):
    pages = {}
    for name in sorted(os.listdir(site)):
        if name.endswith(".html"):
            page = Page()
            with open(os.path.join(site, name), encoding="utf-8") as f:
                page.feed(f.read())
            pages[name] = page
    problems = []
    checked = 0
    for name, page in pages.items():
        if page.scripts:
            problems.append(f"{name}: has {page.scripts} <script> element(s)")
        for tag, url in page.urls:
            if url == "data:," and tag == "link":
                continue  # The empty favicon, so that no browser asks for /favicon.ico.
            parts = urllib.parse.urlsplit(url)
            if parts.scheme or parts.netloc:
                problems.append(f"{name}: <{tag}> refers off the site: {url}")
                continue
            target = urllib.parse.unquote(parts.path) or name
            if target not in pages:
                problems.append(f"{name}: link to a missing page: {url}")
                continue
            anchor = urllib.parse.unquote(parts.fragment)
            if anchor and anchor not in pages[target].ids:
                problems.append(f"{name}: link to a missing anchor: {url}")
            checked += 1
    return pages, checked, problems


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def load_in_browser(chromium, page_path, profile):
    result = subprocess.run(
        [chromium, "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage",
         "--no-first-run", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
         "--dump-dom", "file://" + page_path],
        capture_output=True, text=True, timeout=120)
    problems = []
    if result.returncode != 0:
        problems.append(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    if "</main>" not in result.stdout:
        problems.append("the dumped DOM has no </main>: the page did not load")
    for line in result.stderr.splitlines():
        # Console messages are logged as `…:CONSOLE(line)] "text", source: …`; failed requests
        # as `net::ERR_…`. A page without scripts should produce neither.
        if ":CONSOLE" in line or "net::ERR" in line or "Failed to load resource" in line:
            problems.append("browser: " + line)
    return result.stdout, problems


def main():
    takt, porto = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="takt-doc-") as tmp:
        site = os.path.join(tmp, "site")
        run = subprocess.run([takt, "doc", porto, "-o", site], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"takt doc failed ({run.returncode}):\n{run.stderr}")
            return 1
        pages, checked, problems = check_links(site)
        print(f"{len(pages)} pages, {checked} internal links checked")
        chromium = find_chromium()
        if chromium is None:
            for problem in problems:
                print("FAIL " + problem)
            print("SKIP: chromium is not installed (scripts/bootstrap installs it); links were checked")
            return 1 if problems else SKIP
        for name in sorted(pages):
            dom, page_problems = load_in_browser(chromium, os.path.join(site, name), os.path.join(tmp, "profile"))
            problems += [f"{name}: {p}" for p in page_problems]
            if name == "control-plan.html" and "hole_diameter" not in dom:
                problems.append("control-plan.html: the DOM lacks the control hole_diameter")
        for problem in problems:
            print("FAIL " + problem)
        print(f"{len(pages)} pages loaded in {chromium}" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
