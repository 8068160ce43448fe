#!/usr/bin/python3
"""bench/corpus/generate.py - writes trees of realistic Indonesian regional-government websites for the
end-to-end crawler benchmarks (bench/compare/run.sh).

Each site looks like the WordPress agency sites of the demo regency (demo/regency.cpp): a header menu
with sub-menus (Profil, PPID, Berita, Dokumen), a sidebar (popular searches, recent posts, categories,
monthly archive), a footer, and HTML pages of 20-60 KB (inline theme CSS/JS as real themes ship, body
text). Content: news posts under /YYYY/MM/DD/slug/, paginated category listings, one page per month of
archive, a document library of PDFs, static profile/PPID pages.

Link structure: every page is at most 4 hops from the home page (month archives are linked from every
page's sidebar via /arsip/, category pagination lists all page numbers), so a crawler with a modest
depth cap and one without one see the same site; posts also link 6 random related posts, as the
"Berita Terkait" widgets do.

robots.txt disallows /wp-admin/ and /cari/ (the search) and EVERY page links both (the footer's
"Masuk" link and the sidebar's popular searches), so a crawler that ignores robots.txt shows up in the
server log. The disallowed pages exist (a violator gets 200 and the request is logged).

Not here: serving (nginx, configured by bench/compare/compare.py), crawling, measuring.

Output (DIR):
    manifest.json     sites: host, counts, disallowed prefixes; generator options
    urls/<host>.txt   every allowed URL path of the site (HTML pages and PDFs), one per line
    sites/<host>/...  the files (each page is <path>/index.html)
    seeds.txt         http://HOST:PORT/ per site
    registry.yaml     pantau's sites registry for the same seeds

Deterministic for given options. Usage:
    generate.py --out DIR --sites 1 --pages 20000 [--port 8089] [--seed 2008] [--prefix a]
"""

import argparse
import json
import math
import os
import random
import shutil
import sys
import zlib

# ---- vocabulary (Indonesian government-site words; no digits in slugs so URL shapes stay distinct) ----

AGENCIES = [
    ("dinkes", "Dinas Kesehatan"), ("disdik", "Dinas Pendidikan"), ("dinsos", "Dinas Sosial"),
    ("dishub", "Dinas Perhubungan"), ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah"), ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah"), ("diskominfo", "Dinas Komunikasi dan Informatika"),
    ("dlh", "Dinas Lingkungan Hidup"), ("disnaker", "Dinas Tenaga Kerja"), ("dispar", "Dinas Pariwisata"),
    ("disperindag", "Dinas Perindustrian dan Perdagangan"), ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"), ("inspektorat", "Inspektorat Daerah"),
    ("setda", "Sekretariat Daerah"), ("dprd", "Sekretariat DPRD"), ("kesbangpol", "Badan Kesatuan Bangsa dan Politik"),
    ("satpolpp", "Satuan Polisi Pamong Praja"), ("dispertan", "Dinas Pertanian"), ("dkp", "Dinas Kelautan dan Perikanan"),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"), ("rsud", "Rumah Sakit Umum Daerah"),
]

VERBS = [
    "Sosialisasi", "Rapat Koordinasi", "Pelatihan", "Monitoring dan Evaluasi", "Peresmian", "Kunjungan Kerja",
    "Bimbingan Teknis", "Penyerahan Bantuan", "Musyawarah Perencanaan", "Apel Siaga", "Penandatanganan Nota",
    "Pembinaan", "Verifikasi Lapangan", "Penyuluhan", "Workshop", "Seminar", "Lomba", "Gerakan Bersama",
    "Penilaian", "Pameran", "Launching", "Pencanangan", "Rapat Evaluasi", "Forum Konsultasi Publik",
    "Kampanye", "Audiensi", "Gotong Royong", "Operasi Pasar", "Vaksinasi", "Pendataan", "Uji Publik",
    "Pelantikan", "Penganugerahan", "Festival", "Diskusi Terpumpun", "Rapat Kerja", "Temu Usaha",
    "Pemeriksaan", "Peninjauan", "Simulasi",
]
OBJECTS = [
    "Pencegahan Stunting", "Keterbukaan Informasi Publik", "Pelayanan Administrasi Kependudukan",
    "Penanggulangan Bencana Banjir", "Pengelolaan Sampah Rumah Tangga", "Peningkatan Mutu Pendidikan",
    "Pemberdayaan Usaha Mikro", "Perbaikan Jalan Desa", "Jaminan Kesehatan Nasional", "Program Keluarga Harapan",
    "Ketahanan Pangan", "Reformasi Birokrasi", "Zona Integritas", "Pengendalian Inflasi Daerah",
    "Pelayanan Publik Terpadu", "Sistem Pemerintahan Berbasis Elektronik", "Perlindungan Anak",
    "Kesehatan Ibu dan Anak", "Pariwisata Berbasis Masyarakat", "Irigasi Pertanian", "Air Bersih dan Sanitasi",
    "Pencegahan Demam Berdarah", "Literasi Digital", "Keselamatan Lalu Lintas", "Penataan Pasar Tradisional",
    "Rumah Tidak Layak Huni", "Pengawasan Obat dan Makanan", "Kawasan Tanpa Rokok", "Pengelolaan Keuangan Daerah",
    "Penyusunan Rencana Kerja", "Laporan Kinerja Instansi", "Pengadaan Barang dan Jasa", "Kampung Keluarga Berkualitas",
    "Desa Tangguh Bencana", "Bank Sampah", "Posyandu Remaja", "Sekolah Ramah Anak", "Perpustakaan Desa",
    "Penanaman Pohon", "Pencegahan Korupsi", "Kerukunan Umat Beragama", "Wawasan Kebangsaan",
    "Pelestarian Budaya Daerah", "Produk Unggulan Daerah", "Kartu Identitas Anak", "Pemadam Kebakaran",
    "Ketertiban Umum", "Penerimaan Peserta Didik", "Beasiswa Daerah", "Bantuan Sosial Tunai",
    "Kesehatan Jiwa", "Gizi Seimbang", "Pengurangan Risiko Bencana", "Kualitas Udara", "Tenaga Kerja Lokal",
    "Balai Latihan Kerja", "Perizinan Berusaha", "Investasi Daerah", "Jalan Lingkar", "Jembatan Gantung",
]
PLACES = [
    "Kecamatan Sukamaju", "Kecamatan Sukadamai", "Desa Mekarsari", "Desa Cibodas", "Kelurahan Pasirjaya",
    "Aula Kantor Bupati", "Pendopo Kabupaten", "Gedung Serbaguna", "Kecamatan Tanjungsari", "Desa Sindanglaya",
    "Kecamatan Cikalong", "Desa Karangmulya", "Kelurahan Sukasari", "Desa Margamulya", "Kecamatan Pagerageung",
    "Desa Sukaresmi", "Desa Cimanggu", "Kecamatan Banjarsari", "Desa Tegalwaru", "Kelurahan Kebonjati",
    "Desa Cigugur", "Kecamatan Rancabali", "Desa Wanasari", "Desa Sirnagalih", "Kecamatan Lembang Utara",
    "Desa Pangauban", "Kelurahan Situsari", "Desa Babakan", "Kecamatan Cisarua", "Desa Jayamukti",
    "Desa Neglasari", "Desa Sukajadi", "Kecamatan Talagasari", "Desa Bojongsari", "Kelurahan Cipedes",
    "Desa Linggajaya", "Kecamatan Cilawu", "Desa Gunungsari", "Desa Karyamukti", "Kecamatan Singajaya",
]
WORDS = (
    "pemerintah daerah kabupaten melalui dinas terus berupaya meningkatkan kualitas pelayanan kepada masyarakat "
    "kegiatan ini diikuti oleh perwakilan perangkat daerah camat kepala desa tokoh masyarakat serta para pemangku "
    "kepentingan lainnya dalam sambutannya kepala dinas menyampaikan bahwa program tersebut merupakan bagian dari "
    "upaya bersama untuk mewujudkan tata kelola pemerintahan yang bersih transparan dan akuntabel sesuai amanat "
    "undang undang keterbukaan informasi publik setiap badan publik wajib menyediakan informasi secara berkala "
    "serta merta dan setiap saat melalui pejabat pengelola informasi dan dokumentasi anggaran yang digunakan "
    "bersumber dari anggaran pendapatan dan belanja daerah tahun berjalan diharapkan hasil kegiatan dapat "
    "dirasakan langsung manfaatnya oleh warga terutama di wilayah pedesaan yang masih membutuhkan perhatian "
    "koordinasi lintas sektor menjadi kunci keberhasilan program sehingga seluruh pihak diminta berperan aktif "
    "pelaksanaan kegiatan berlangsung tertib dan lancar dengan tetap memperhatikan standar operasional prosedur "
    "data yang dihimpun akan menjadi bahan evaluasi dan penyusunan rencana kerja tahun berikutnya"
).split()

CATEGORIES = [
    ("berita", "Berita"), ("pengumuman", "Pengumuman"), ("kegiatan", "Kegiatan"), ("artikel", "Artikel"),
    ("agenda", "Agenda"), ("siaran-pers", "Siaran Pers"), ("layanan-publik", "Layanan Publik"),
    ("pembangunan", "Pembangunan"), ("kesehatan", "Kesehatan"), ("pendidikan", "Pendidikan"),
]
DOC_CATEGORIES = [
    ("peraturan", "Peraturan"), ("laporan-keuangan", "Laporan Keuangan"), ("rencana-strategis", "Rencana Strategis"),
    ("laporan-kinerja", "Laporan Kinerja"), ("formulir", "Formulir"),
]
DOC_TITLES = [
    "Laporan Realisasi Anggaran", "Rencana Kerja", "Laporan Kinerja Instansi Pemerintah", "Daftar Informasi Publik",
    "Rencana Strategis", "Peraturan Bupati tentang Standar Pelayanan", "Laporan Keuangan", "Neraca",
    "Daftar Aset Daerah", "Laporan Layanan Informasi Publik", "Standar Operasional Prosedur", "Rencana Umum Pengadaan",
    "Indikator Kinerja Utama", "Perjanjian Kinerja", "Laporan Penyelenggaraan Pemerintahan Daerah",
    "Profil Kesehatan", "Data Statistik Sektoral", "Formulir Permohonan Informasi", "Formulir Keberatan",
    "Maklumat Pelayanan", "Survei Kepuasan Masyarakat", "Laporan Harta Kekayaan", "Daftar Pejabat",
]
STATIC_PAGES = [
    ("/profil/", "Profil"), ("/profil/visi-misi/", "Visi dan Misi"),
    ("/profil/tugas-pokok-dan-fungsi/", "Tugas Pokok dan Fungsi"), ("/profil/struktur-organisasi/", "Struktur Organisasi"),
    ("/profil/pejabat/", "Profil Pejabat"), ("/ppid/", "PPID"), ("/ppid/daftar-informasi-publik/", "Daftar Informasi Publik"),
    ("/ppid/informasi-berkala/", "Informasi Berkala"), ("/ppid/informasi-serta-merta/", "Informasi Serta Merta"),
    ("/ppid/informasi-setiap-saat/", "Informasi Setiap Saat"), ("/ppid/permohonan-informasi/", "Permohonan Informasi"),
    ("/ppid/keberatan/", "Pengajuan Keberatan"), ("/ppid/sop/", "SOP PPID"), ("/layanan/", "Layanan"),
    ("/kontak/", "Kontak"),
]
EXTRA_SERVICES = [
    "perizinan", "pengaduan", "konsultasi", "rekomendasi", "legalisasi", "pendaftaran", "pengujian",
    "pendampingan", "penyuluhan", "pemeriksaan", "sertifikasi", "bantuan-hukum", "informasi-harga",
    "jadwal-pelayanan", "persyaratan", "tarif-retribusi", "alur-pelayanan", "maklumat", "standar-pelayanan",
    "survei-kepuasan",
]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember"]
DISALLOWED = ["/wp-admin/", "/cari/"]
SEARCH_WORDS = ["pengumuman", "ppid", "anggaran", "formulir"]
LAST_YEAR, LAST_MONTH = 2025, 6  # the newest month of the archive (fixed: the corpus must not depend on today)

THEME_CSS = (
    "<style id='global-styles-inline-css'>body{--wp--preset--color--black:#000;--wp--preset--color--white:#fff;"
    + "".join(f"--wp--preset--color--c{i}:#{i * 2654435761 % 0xFFFFFF:06x};" for i in range(40))
    + "}" + "".join(f".has-c{i}-color{{color:var(--wp--preset--color--c{i})!important}}" for i in range(40))
    + ".wp-block-button__link{color:#fff;background-color:#32373c;border-radius:9999px;box-shadow:none;"
    "text-decoration:none;padding:calc(.667em + 2px) calc(1.333em + 2px);font-size:1.125em}"
    ".site-header{background:#0b5394}.main-navigation ul{list-style:none;margin:0;padding-left:0}"
    ".widget-area .widget{margin:0 0 1.5em}.entry-meta{font-size:.8em;color:#767676}</style>\n"
)
EMOJI_JS = (
    "<script>window._wpemojiSettings={\"baseUrl\":\"\\/wp-content\\/emoji\\/72x72\\/\",\"ext\":\".png\","
    "\"svgUrl\":\"\\/wp-content\\/emoji\\/svg\\/\",\"svgExt\":\".svg\",\"source\":{\"concatemoji\":"
    "\"\\/wp-includes\\/js\\/wp-emoji-release.min.js\"}};\n"
    + "!function(i,n){var o,s,e;function c(e){try{var t={supportTests:e,timestamp:(new Date).valueOf()};"
    "sessionStorage.setItem(o,JSON.stringify(t))}catch(e){}}function p(e,t,n){e.clearRect(0,0,e.canvas.width,"
    "e.canvas.height),e.fillText(t,0,0);var t=new Uint32Array(e.getImageData(0,0,e.canvas.width,e.canvas.height)"
    ".data),r=(e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(n,0,0),new Uint32Array(e.getImageData"
    "(0,0,e.canvas.width,e.canvas.height).data));return t.every(function(e,t){return e===r[t]})}}(window,document);"
    * 3
    + "</script>\n"
)
ASSETS = ["/wp-content/themes/opd/style.css", "/wp-content/uploads/logo.png", "/wp-content/uploads/foto-kegiatan.jpg",
          "/wp-content/uploads/banner-ppid.jpg"]


def slugify(text):
    out = []
    for ch in text.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def month_index_to_ym(idx):
    """Month index 0 = the newest month (LAST_YEAR/LAST_MONTH)."""
    total = LAST_YEAR * 12 + (LAST_MONTH - 1) - idx
    return total // 12, total % 12 + 1


class Site:
    """One generated site: plans its URL space from the page budget, then renders every file."""

    def __init__(self, host, name, pages, rng):
        self.host = host
        self.name = name
        self.rng = rng
        self.plan(pages)

    # ---- planning ------------------------------------------------------------------------------
    @staticmethod
    def shape(posts):
        months = max(1, math.ceil(posts / 100))
        ncat = min(len(CATEGORIES), max(2, math.ceil(posts / 60)))
        cat_sizes = [posts // ncat + (1 if i < posts % ncat else 0) for i in range(ncat)]
        cat_pages = sum(max(1, math.ceil(n / 20)) for n in cat_sizes)
        docs = max(2, posts // 40)
        ndcat = min(len(DOC_CATEGORIES), max(1, math.ceil(docs / 20)))
        dcat_sizes = [docs // ndcat + (1 if i < docs % ndcat else 0) for i in range(ndcat)]
        dcat_pages = sum(max(1, math.ceil(n / 20)) for n in dcat_sizes)
        fixed = 1 + len(STATIC_PAGES) + 2  # home, static pages, /arsip/, /dokumen/
        return {"months": months, "ncat": ncat, "cat_sizes": cat_sizes, "docs": docs, "ndcat": ndcat,
                "dcat_sizes": dcat_sizes, "html": fixed + months + cat_pages + dcat_pages + posts}

    def plan(self, pages):
        posts = max(1, pages)
        while posts > 1 and self.shape(posts)["html"] > pages:
            posts -= 1
        s = self.shape(posts)
        # Pad with /layanan/<x>/ pages to hit the budget exactly (a few at most).
        pad = max(0, pages - s["html"])
        self.services = [EXTRA_SERVICES[i % len(EXTRA_SERVICES)]
                         + ("" if i < len(EXTRA_SERVICES) else "-" + "abcdefghij"[i // len(EXTRA_SERVICES) % 10])
                         for i in range(pad)]
        self.months = s["months"]
        rng = self.rng
        # Unique titles: distinct (verb, object, place) triples, so slugs never need a numeric suffix.
        space = len(VERBS) * len(OBJECTS) * len(PLACES)
        picks = rng.sample(range(space), posts) if posts <= space else [rng.randrange(space) for _ in range(posts)]
        self.posts = []
        seen = set()
        for i, k in enumerate(picks):
            v, rest = divmod(k, len(OBJECTS) * len(PLACES))
            o, p = divmod(rest, len(PLACES))
            title = f"{VERBS[v]} {OBJECTS[o]} di {PLACES[p]}"
            slug = slugify(title)
            while slug in seen:  # only when posts exceed the title space
                slug += "-" + "abcdefghijklmnopqrstuvwxyz"[rng.randrange(26)]
            seen.add(slug)
            # Posts are spread evenly over the months, newest first.
            m = min(self.months - 1, i * self.months // posts)
            y, mo = month_index_to_ym(m)
            day = rng.randint(1, 28)
            self.posts.append({"title": title, "url": f"/{y:04d}/{mo:02d}/{day:02d}/{slug}/", "month": m,
                               "date": (y, mo, day), "cat": None, "size": 0})
        self.posts.sort(key=lambda p: (p["month"], -p["date"][2]))
        ncat = s["ncat"]
        self.cats = CATEGORIES[:ncat]
        self.cat_posts = [[] for _ in range(ncat)]
        for i, p in enumerate(self.posts):
            c = i % ncat
            p["cat"] = c
            self.cat_posts[c].append(i)
        self.docs = []
        self.dcats = DOC_CATEGORIES[:s["ndcat"]]
        self.dcat_docs = [[] for _ in self.dcats]
        for i in range(s["docs"]):
            year = LAST_YEAR - (i // (len(DOC_TITLES) * s["ndcat"])) % 15
            title = f"{DOC_TITLES[i % len(DOC_TITLES)]} Tahun {year}"
            c = i % s["ndcat"]
            name = slugify(title) + "-" + self.dcats[c][0]
            url = f"/wp-content/uploads/{year}/{1 + i % 12:02d}/{name}.pdf"
            if any(d["url"] == url for d in self.docs[-50:]):
                url = url[:-4] + "-" + "abcdefghijklmnopqrstuvwxyz"[i % 26] + ".pdf"
            self.docs.append({"title": title, "url": url, "year": year, "size": rng.randint(20_000, 120_000)})
            self.dcat_docs[c].append(i)
        # Paragraph pool: realistic text without drawing every word per page.
        self.paragraphs = []
        for _ in range(300):
            n = rng.randint(40, 110)
            words = [rng.choice(WORDS) for _ in range(n)]
            words[0] = words[0].capitalize()
            text = " ".join(words)
            # A sentence break or two, as written prose has.
            self.paragraphs.append(text + ".")

    # ---- rendering -----------------------------------------------------------------------------
    def a(self, href, text):
        return f'<a href="{href}">{esc(text)}</a>'

    def menu(self):
        m = ['<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">']
        m.append(f'<li class="menu-item">{self.a("/", "Beranda")}</li>')
        m.append('<li class="menu-item menu-item-has-children">' + self.a("/profil/", "Profil") + '<ul class="sub-menu">'
                 + "".join(f"<li>{self.a(u, t)}</li>" for u, t in STATIC_PAGES[1:5]) + "</ul></li>")
        m.append('<li class="menu-item menu-item-has-children">' + self.a("/ppid/", "PPID") + '<ul class="sub-menu">'
                 + "".join(f"<li>{self.a(u, t)}</li>" for u, t in STATIC_PAGES[6:13]) + "</ul></li>")
        m.append('<li class="menu-item menu-item-has-children">' + self.a(f"/kategori/{self.cats[0][0]}/", "Berita")
                 + '<ul class="sub-menu">'
                 + "".join(f"<li>{self.a(f'/kategori/{s}/', t)}</li>" for s, t in self.cats) + "</ul></li>")
        m.append('<li class="menu-item menu-item-has-children">' + self.a("/dokumen/", "Dokumen") + '<ul class="sub-menu">'
                 + "".join(f"<li>{self.a(f'/dokumen/{s}/', t)}</li>" for s, t in self.dcats) + "</ul></li>")
        m.append(f'<li class="menu-item">{self.a("/layanan/", "Layanan")}</li>')
        m.append(f'<li class="menu-item">{self.a("/arsip/", "Arsip")}</li>')
        m.append(f'<li class="menu-item">{self.a("/kontak/", "Kontak")}</li></ul></nav>')
        m.append('<form role="search" method="get" class="search-form" action="/cari/"><label><span class="screen-reader-text">'
                 'Cari:</span><input type="search" class="search-field" placeholder="Cari &hellip;" name="s"></label>'
                 '<input type="submit" class="search-submit" value="Cari"></form>')
        return "\n".join(m)

    def sidebar(self):
        s = ['<aside id="secondary" class="widget-area">']
        s.append('<section class="widget widget_search_terms"><h2 class="widget-title">Pencarian Populer</h2><ul>'
                 + "".join(f"<li>{self.a(f'/cari/?s={w}', w)}</li>" for w in SEARCH_WORDS) + "</ul></section>")
        s.append('<section class="widget widget_recent_entries"><h2 class="widget-title">Berita Terbaru</h2><ul>'
                 + "".join(f"<li>{self.a(p['url'], p['title'])}</li>" for p in self.posts[:5]) + "</ul></section>")
        s.append('<section class="widget widget_categories"><h2 class="widget-title">Kategori</h2><ul>'
                 + "".join(f"<li>{self.a(f'/kategori/{slug}/', t)} ({len(self.cat_posts[i])})</li>"
                           for i, (slug, t) in enumerate(self.cats)) + "</ul></section>")
        arch = []
        for m in range(min(12, self.months)):
            y, mo = month_index_to_ym(m)
            arch.append(f"<li>{self.a(f'/{y:04d}/{mo:02d}/', f'{MONTHS_ID[mo - 1]} {y}')}</li>")
        s.append('<section class="widget widget_archive"><h2 class="widget-title">Arsip</h2><ul>' + "".join(arch)
                 + f"<li>{self.a('/arsip/', 'Semua arsip')}</li></ul></section>")
        s.append('<section class="widget widget_media_image"><a href="/ppid/"><img src="/wp-content/uploads/banner-ppid.jpg" '
                 'alt="PPID" width="300" height="120"></a></section></aside>')
        return "\n".join(s)

    def frame(self):
        """The parts of every page that do not depend on the page (computed once per site)."""
        if hasattr(self, "_frame"):
            return self._frame
        top = ('<body class="wp-singular"><div id="page" class="site"><a class="skip-link screen-reader-text" '
               'href="#primary">Langsung ke konten</a><header id="masthead" class="site-header"><div class="site-branding">'
               '<a href="/" rel="home"><img src="/wp-content/uploads/logo.png" alt="Logo" width="64" height="64"></a>'
               f'<p class="site-title">{self.a("/", self.name)}</p><p class="site-description">Kabupaten Contoh</p></div>\n'
               + self.menu() + '</header>\n<div id="content" class="site-content"><div id="primary" class="content-area">'
               '<main id="main" class="site-main">\n')
        bottom = ("\n</main></div>\n" + self.sidebar() + '</div>\n<footer id="colophon" class="site-footer"><div class="footer-widgets">'
                  f"<p><strong>{esc(self.name)}</strong><br>Jl. Raya Pemerintahan No. 1, Kabupaten Contoh<br>"
                  "Telp. (0265) 123456 &middot; Email: info@contohkab.go.id</p><p>"
                  + self.a("/ppid/permohonan-informasi/", "Permohonan Informasi") + " &middot; "
                  + self.a("/kontak/", "Kontak") + " &middot; " + self.a("/wp-admin/", "Masuk") + "</p></div>"
                  f'<div class="site-info">&copy; {LAST_YEAR} {esc(self.name)}</div></footer></div>'
                  '<script src="/wp-includes/js/jquery/jquery.min.js" id="jquery-core-js" defer></script></body></html>\n')
        self._frame = (top, bottom)
        return self._frame

    def page(self, title, body):
        top, bottom = self.frame()
        head = ('<!DOCTYPE html>\n<html lang="id-ID"><head><meta charset="UTF-8"><meta name="viewport" '
                'content="width=device-width, initial-scale=1"><title>' + esc(title) + " &#8211; " + esc(self.name)
                + '</title><meta name="generator" content="WordPress 6.4.3">'
                '<link rel="stylesheet" id="opd-style-css" href="/wp-content/themes/opd/style.css" media="all">\n'
                + THEME_CSS + EMOJI_JS + "</head>\n")
        return head + top + body + bottom

    def text(self, target_bytes):
        """Paragraphs until about `target_bytes` of body text."""
        out, size = [], 0
        while size < target_bytes:
            p = self.paragraphs[self.rng.randrange(len(self.paragraphs))]
            out.append(f"<p>{p}</p>")
            size += len(p) + 7
        return "\n".join(out)

    @staticmethod
    def date_html(date):
        y, mo, d = date
        return (f'<time class="entry-date published" datetime="{y:04d}-{mo:02d}-{d:02d}T08:00:00+07:00">'
                f"{d} {MONTHS_ID[mo - 1]} {y}</time>")

    def pagination(self, base, k, n):
        if n <= 1:
            return ""
        items = []
        if k > 1:
            items.append(f'<a class="prev page-numbers" href="{base if k == 2 else f"{base}page/{k - 1}/"}">&laquo; Sebelumnya</a>')
        for i in range(1, n + 1):
            href = base if i == 1 else f"{base}page/{i}/"
            items.append(f'<span aria-current="page" class="page-numbers current">{i}</span>' if i == k
                         else f'<a class="page-numbers" href="{href}">{i}</a>')
        if k < n:
            items.append(f'<a class="next page-numbers" href="{base}page/{k + 1}/">Berikutnya &raquo;</a>')
        return '<nav class="navigation pagination"><div class="nav-links">' + "".join(items) + "</div></nav>"

    def render(self, root):
        """Writes every file of the site under root/<host>/ and returns the allowed URL paths."""
        rng = self.rng
        base = os.path.join(root, self.host)
        urls = []

        def put(path, html):
            d = os.path.join(base, path.strip("/"))
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "index.html"), "w", encoding="utf-8") as f:
                f.write(html)
            if not any(path.startswith(x) for x in DISALLOWED):
                urls.append(path)

        def put_file(path, data):
            full = os.path.join(base, path.lstrip("/"))
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(data)

        def target():
            # Page sizes of real agency sites: mostly 25-40 KB, up to 60 KB.
            return int(rng.triangular(20_000, 60_000, 30_000))

        top, bottom = self.frame()
        frame_len = len(top) + len(bottom) + len(THEME_CSS) + len(EMOJI_JS) + 400

        # Home.
        latest = "".join(
            f'<article class="post"><h3 class="entry-title">{self.a(p["url"], p["title"])}</h3>'
            f'<div class="entry-meta">{self.date_html(p["date"])}</div><p>{self.paragraphs[i % 300][:240]}&hellip;</p></article>\n'
            for i, p in enumerate(self.posts[:10]))
        put("/", self.page("Beranda", f'<section class="welcome"><h1>Selamat Datang di Website Resmi {esc(self.name)}</h1>'
                           + self.text(3000) + '</section><section class="latest-posts"><h2>Berita Terbaru</h2>'
                           + latest + self.a(f"/kategori/{self.cats[0][0]}/", "Berita lainnya") + "</section>"))
        # Static pages.
        for path, title in STATIC_PAGES:
            body = f'<article class="page"><h1 class="entry-title">{esc(title)}</h1><div class="entry-content">'
            if path == "/layanan/":
                body += "<ul>" + "".join(f"<li>{self.a(f'/layanan/{s}/', s.replace('-', ' ').title())}</li>"
                                         for s in self.services) + "</ul>"
            if path == "/ppid/daftar-informasi-publik/":
                body += '<table class="table"><thead><tr><th>No</th><th>Informasi</th><th>Tahun</th><th>Unduh</th></tr></thead><tbody>'
                body += "".join(f"<tr><td>{i + 1}</td><td>{esc(d['title'])}</td><td>{d['year']}</td><td>"
                                f"{self.a(d['url'], 'Unduh')}</td></tr>" for i, d in enumerate(self.docs[:15]))
                body += "</tbody></table>"
            body += self.text(max(2000, target() - frame_len)) + "</div></article>"
            put(path, self.page(title, body))
        # Extra service pages pad the site to the exact page budget (up to len(EXTRA_SERVICES)).
        for slug in self.services:
            put(f"/layanan/{slug}/", self.page(slug.replace("-", " ").title(),
                                               f'<article class="page"><h1 class="entry-title">{esc(slug)}</h1>'
                                               + self.text(max(2000, target() - frame_len)) + "</article>"))
        # Posts.
        n = len(self.posts)
        for i, p in enumerate(self.posts):
            rel = rng.sample(range(n), min(6, n))
            related = "".join(f"<li>{self.a(self.posts[j]['url'], self.posts[j]['title'])}</li>" for j in rel if j != i)
            nav = ""
            if i + 1 < n:
                nav += f'<div class="nav-previous">{self.a(self.posts[i + 1]["url"], "Sebelumnya: " + self.posts[i + 1]["title"])}</div>'
            if i > 0:
                nav += f'<div class="nav-next">{self.a(self.posts[i - 1]["url"], "Berikutnya: " + self.posts[i - 1]["title"])}</div>'
            cslug, ctitle = self.cats[p["cat"]]
            body = (f'<article class="post type-post"><header class="entry-header"><h1 class="entry-title">{esc(p["title"])}</h1>'
                    f'<div class="entry-meta"><span class="posted-on">{self.date_html(p["date"])}</span> '
                    f'<span class="cat-links">{self.a(f"/kategori/{cslug}/", ctitle)}</span></div></header>'
                    '<div class="entry-content"><figure><img src="/wp-content/uploads/foto-kegiatan.jpg" alt="Foto kegiatan" '
                    'width="800" height="450"></figure>' + self.text(max(1500, target() - frame_len - 2500)))
            if self.docs and i % 7 == 0:
                d = self.docs[i % len(self.docs)]
                body += f"<p>Dokumen terkait: {self.a(d['url'], d['title'])}</p>"
            body += ('</div><footer class="entry-footer"><h2>Berita Terkait</h2><ul class="related">' + related
                     + '</ul></footer></article><nav class="navigation post-navigation"><div class="nav-links">' + nav
                     + "</div></nav>")
            put(p["url"], self.page(p["title"], body))
        # Category listings, 20 posts a page, every page number listed.
        for c, (slug, title) in enumerate(self.cats):
            ids = self.cat_posts[c]
            npages = max(1, math.ceil(len(ids) / 20))
            for k in range(1, npages + 1):
                chunk = ids[(k - 1) * 20:k * 20]
                items = "".join(
                    f'<article class="post"><h2 class="entry-title">{self.a(self.posts[j]["url"], self.posts[j]["title"])}</h2>'
                    f'<div class="entry-meta">{self.date_html(self.posts[j]["date"])}</div>'
                    f"<p>{self.paragraphs[j % 300][:300]}&hellip;</p></article>\n" for j in chunk)
                base_url = f"/kategori/{slug}/"
                put(base_url if k == 1 else f"{base_url}page/{k}/",
                    self.page(f"{title} - Halaman {k}", f'<h1 class="page-title">Kategori: {esc(title)}</h1>\n' + items
                              + self.pagination(base_url, k, npages)))
        # Month archives: every post of the month on one page.
        by_month = [[] for _ in range(self.months)]
        for j, p in enumerate(self.posts):
            by_month[p["month"]].append(j)
        arsip = []
        for m in range(self.months):
            y, mo = month_index_to_ym(m)
            items = "".join(
                f'<li>{self.a(self.posts[j]["url"], self.posts[j]["title"])} <span class="meta">'
                f'{self.date_html(self.posts[j]["date"])}</span></li>\n' for j in by_month[m])
            put(f"/{y:04d}/{mo:02d}/", self.page(f"Arsip {MONTHS_ID[mo - 1]} {y}",
                                                 f'<h1 class="page-title">Arsip Bulanan: {MONTHS_ID[mo - 1]} {y}</h1><ul class="archive">'
                                                 + items + "</ul>"))
            arsip.append(f"<li>{self.a(f'/{y:04d}/{mo:02d}/', f'{MONTHS_ID[mo - 1]} {y}')} ({len(by_month[m])})</li>")
        put("/arsip/", self.page("Arsip", '<h1 class="page-title">Arsip Berita</h1><ul class="archive-months">'
                                 + "".join(arsip) + "</ul>"))
        # Document library.
        put("/dokumen/", self.page("Dokumen", '<h1 class="page-title">Dokumen Publik</h1><ul>'
                                   + "".join(f"<li>{self.a(f'/dokumen/{s}/', t)} ({len(self.dcat_docs[i])})</li>"
                                             for i, (s, t) in enumerate(self.dcats)) + "</ul>" + self.text(2000)))
        for c, (slug, title) in enumerate(self.dcats):
            ids = self.dcat_docs[c]
            npages = max(1, math.ceil(len(ids) / 20))
            for k in range(1, npages + 1):
                rows = "".join(
                    f"<tr><td>{self.a(self.docs[j]['url'], self.docs[j]['title'])}</td><td>{self.docs[j]['year']}</td>"
                    f"<td>PDF, {self.docs[j]['size'] // 1024} KB</td></tr>" for j in ids[(k - 1) * 20:k * 20])
                base_url = f"/dokumen/{slug}/"
                put(base_url if k == 1 else f"{base_url}page/{k}/",
                    self.page(f"{title} - Halaman {k}", f'<h1 class="page-title">{esc(title)}</h1><table class="table">'
                              "<thead><tr><th>Dokumen</th><th>Tahun</th><th>Berkas</th></tr></thead><tbody>" + rows
                              + "</tbody></table>" + self.pagination(base_url, k, npages)))
        html_count = len(urls)
        for d in self.docs:
            put_file(d["url"], make_pdf(d["title"], d["size"], rng))
            urls.append(d["url"])
        # Disallowed pages exist, so a violator is logged with 200 and could go on.
        put("/wp-admin/", "<!DOCTYPE html><html><head><title>Masuk</title></head><body><form method=post>"
                          "<input name=log><input name=pwd type=password></form></body></html>")
        put("/cari/", self.page("Hasil Pencarian", '<h1 class="page-title">Hasil Pencarian</h1><ul>'
                                + "".join(f"<li>{self.a(p['url'], p['title'])}</li>" for p in self.posts[:20]) + "</ul>"))
        # Theme assets (a few, shared by all pages, as on a real site).
        put_file(ASSETS[0], (THEME_CSS[45:-9] * 4).encode())
        for asset in ASSETS[1:]:
            put_file(asset, b"\x89PNG\r\n\x1a\n" + rng.randbytes(6000))
        with open(os.path.join(base, "robots.txt"), "w") as f:
            f.write("User-agent: *\n" + "".join(f"Disallow: {x}\n" for x in DISALLOWED)
                    + "Allow: /wp-admin/admin-ajax.php\n")
        return urls, html_count


def make_pdf(title, size, rng):
    """A small valid PDF (one page with the title) padded to `size` with an incompressible stream, as
    scanned documents are."""
    text = f"BT /F1 14 Tf 72 760 Td ({title}) Tj ET".encode("latin-1", "replace")
    pad = zlib.compress(rng.randbytes(max(0, size - 900)), 0)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /Im1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(pad) + pad + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory (replaced)")
    ap.add_argument("--sites", type=int, default=1, help="number of sites")
    ap.add_argument("--pages", type=int, default=2000, help="HTML pages per site (PDFs come on top)")
    ap.add_argument("--port", type=int, default=8089, help="port written into seeds.txt and registry.yaml")
    ap.add_argument("--seed", type=int, default=2008)
    ap.add_argument("--prefix", default="a", help="host-name prefix, so several corpora can be served at once")
    ap.add_argument("--domain", default="kabbench.go.id")
    args = ap.parse_args()

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "urls"))
    rng = random.Random(args.seed)
    sites = []
    for i in range(args.sites):
        short, name = AGENCIES[i % len(AGENCIES)]
        host = f"{args.prefix}{i + 1:03d}-{short}.{args.domain}"
        site = Site(host, name, args.pages, random.Random(rng.getrandbits(64)))
        urls, html = site.render(os.path.join(args.out, "sites"))
        with open(os.path.join(args.out, "urls", host + ".txt"), "w") as f:
            f.write("\n".join(urls) + "\n")
        sites.append({"host": host, "name": name, "html_pages": html, "documents": len(urls) - html,
                      "posts": len(site.posts), "months": site.months})
        if args.sites > 1 and (i + 1) % 20 == 0:
            print(f"  {i + 1}/{args.sites} sites", file=sys.stderr)
    manifest = {"generator": "bench/corpus/generate.py", "options": vars(args), "disallowed": DISALLOWED,
                "assets": ASSETS, "sites": sites}
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    with open(os.path.join(args.out, "seeds.txt"), "w") as f:
        f.write("".join(f"http://{s['host']}:{args.port}/\n" for s in sites))
    with open(os.path.join(args.out, "registry.yaml"), "w") as f:
        f.write("# generated by bench/corpus/generate.py\npemda: Kabupaten Bench\nsites:\n")
        for s in sites:
            f.write(f"  - name: {s['name']} ({s['host'].split('.')[0]})\n    url: http://{s['host']}:{args.port}/\n")
    total = sum(s["html_pages"] for s in sites)
    docs = sum(s["documents"] for s in sites)
    print(f"corpus {args.out}: {len(sites)} site(s), {total} HTML pages, {docs} PDFs", file=sys.stderr)


if __name__ == "__main__":
    main()
