#!/usr/bin/python3
"""Test-time oracle for extract_page's links: an independent HTML5 parser (Debian's python3-html5lib)
and the standard library's URL joining.

Usage: links_oracle.py FILE PAGE_URL
Prints, one per line, the absolute http(s)/ftp URLs of every <a href> and <area href>, resolved
against the first <base href> (or PAGE_URL), fragments dropped, after normalise() below.
Run it with /usr/bin/python3: that interpreter has html5lib.
"""
import re
import sys
import urllib.parse

import html5lib


def clean(ref):
    # What browsers (and libcurl's caller in extract/) strip: C0 controls and spaces around,
    # tabs and newlines inside.
    ref = ref.strip("".join(chr(c) for c in range(0x21)))
    return ref.replace("\t", "").replace("\n", "").replace("\r", "")


def normalise(url):
    """The minimal normalisation applied on both sides before comparing: lower-case scheme and host,
    '/' for an empty path, and percent-encoding of bytes that are not allowed raw in a URL (spaces,
    non-ASCII, quotes, angle brackets) — libcurl encodes them, urljoin leaves them as written."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.lower()
    path = parts.path or "/"
    safe = "/:@!$&'()*+,;=%-._~[]?#"
    path = urllib.parse.quote(path, safe=safe)
    query = urllib.parse.quote(parts.query, safe=safe)
    out = parts.scheme.lower() + "://" + netloc + path
    if query or url.endswith("?"):
        out += "?" + query
    # %c3 and %C3 are the same byte (RFC 3986 section 2.1); libcurl writes lower case.
    return re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group(0).upper(), out)


def main():
    path, page_url = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        data = f.read()
    doc = html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=False)
    base = page_url
    for el in doc.iter("base"):
        href = el.get("href")
        if href is not None:
            base = urllib.parse.urljoin(page_url, clean(href))
            break
    urls = set()
    for el in doc.iter():
        if el.tag not in ("a", "area"):
            continue
        href = el.get("href")
        if href is None:
            continue
        ref = clean(href)
        scheme = ref.split(":", 1)[0].lower() if ":" in ref else ""
        if scheme in ("javascript", "data", "mailto", "tel"):
            continue
        if ref.lower().startswith("http://http://") or ref.lower().startswith("https://https://"):
            # A doubled scheme ("http://http://www.cbc.ca/..." on wikipedia.html): browsers and
            # libcurl read host "http" with an empty port, urljoin keeps the text; not comparable.
            continue
        url, _fragment = urllib.parse.urldefrag(urllib.parse.urljoin(base, ref))
        if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https", "ftp"):
            continue
        urls.add(normalise(url))
    for u in sorted(urls):
        print(u)


if __name__ == "__main__":
    main()
