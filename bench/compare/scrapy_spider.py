"""bench/compare/scrapy_spider.py - the minimal Scrapy CrawlSpider the benchmark runs as the Scrapy peer.

Run by bench/compare/compare.py as:
    scrapy runspider scrapy_spider.py -a seeds=SEEDS.txt -s CONCURRENT_REQUESTS=N ...
It follows every link within the seeds' hosts (robots.txt obeyed by the settings), fetches PDFs too
(Scrapy's link extractor skips .pdf by default; the other tools fetch them, so this one does as well),
and stores nothing: the item callback only counts, as a crawler that would hand pages to a pipeline.
"""

from urllib.parse import urlsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class BenchSpider(CrawlSpider):
    name = "bench"

    def __init__(self, seeds=None, *args, **kwargs):
        with open(seeds) as f:
            self.start_urls = [line.strip() for line in f if line.strip()]
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.start_urls})
        deny = [e for e in IGNORED_EXTENSIONS if e != "pdf"]
        # No allow_domains on the extractor: it compares host:port with the domains and would drop every
        # link of a server on a non-default port; the offsite middleware (allowed_domains) keeps the scope.
        BenchSpider.rules = (Rule(LinkExtractor(deny_extensions=deny), callback="parse_page", follow=True),)
        super().__init__(*args, **kwargs)

    def parse_start_url(self, response):
        return self.parse_page(response)

    def parse_page(self, response):
        self.crawler.stats.inc_value("bench/pages")
        return None
