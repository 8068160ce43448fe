#include "demo/demo_site.hpp"

#include <fstream>
#include <stdexcept>
#include <vector>

namespace pantau::demo {

namespace {

const char* const k_menu = R"(<header class="site-header"><div class="topbar">Selamat datang di situs resmi Dinas Komunikasi dan Informatika Kabupaten Contoh</div>
<nav class="main-menu"><ul>
<li><a href="/">Beranda</a></li>
<li><a href="/profil/">PROFIL</a><ul><li><a href="/profil/visi-misi/">Visi Misi</a></li><li><a href="/profil/struktur-organisasi/">Struktur Organisasi</a></li></ul></li>
<li><a href="/ppid/">PPID</a><ul><li><a href="/ppid/informasi-berkala/">Informasi Berkala</a></li><li><a href="/ppid/informasi-serta-merta/">Informasi Serta-Merta</a></li><li><a href="/ppid/dip/">DIP</a></li></ul></li>
<li><a href="/berita/">Berita</a></li>
<li><a href="/kontak/">Kontak</a></li>
</ul></nav></header>)";

const char* const k_footer = R"(<footer><p>Dinas Komunikasi dan Informatika Kabupaten Contoh<br>Jl. Merdeka No. 1, Contoh 12345 · Telp. (0123) 456789 · diskominfo@contohkab.go.id</p>
<p><a href="https://lapor.go.id/"><img src="/img/lapor.png" alt="SP4N-LAPOR!"></a></p></footer>)";

std::string page(const std::string& title, const std::string& body) {
    return "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title>" + title +
           " – Diskominfo Kabupaten Contoh</title></head>\n<body>\n" + k_menu + "\n<main class=\"content\">\n" + body +
           "\n</main>\n" + k_footer + "\n</body></html>\n";
}

void write(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

// A minimal valid PDF, so document links answer with a document type.
std::string tiny_pdf(const std::string& title) {
    return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
           "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n4 0 obj<</Title(" +
           title + ")>>endobj\ntrailer<</Root 1 0 R/Info 4 0 R>>\n%%EOF\n";
}

} // namespace

std::filesystem::path write_demo_site(const std::filesystem::path& dir) {
    const auto root = dir / k_demo_host;
    write(root / "index.html",
          page("Beranda", R"(<h1>Dinas Komunikasi dan Informatika</h1>
<p>Dinas Komunikasi dan Informatika Kabupaten Contoh melaksanakan urusan pemerintahan bidang komunikasi, informatika, statistik dan persandian.</p>
<section class="berita-terbaru"><h2>Berita Terbaru</h2>
<article><h3><a href="/berita/2026/11/sosialisasi-keterbukaan-informasi/">Sosialisasi Keterbukaan Informasi Publik bagi PPID Pelaksana</a></h3><p class="meta">Diposting: Senin, 09 November 2026</p></article>
<article><h3><a href="/berita/2026/10/pelatihan-satu-data/">Pelatihan Satu Data Indonesia Tingkat Kabupaten</a></h3><p class="meta">Kamis, 15 Oktober 2026 10:30 WIB</p></article>
</section>)"));
    write(root / "profil/index.html",
          page("Profil", R"(<h1>Profil Dinas</h1><p>Dinas Komunikasi dan Informatika dibentuk berdasarkan Peraturan Daerah Kabupaten Contoh tentang Pembentukan dan Susunan Perangkat Daerah. Dinas dipimpin oleh seorang Kepala Dinas yang berkedudukan di bawah dan bertanggung jawab kepada Bupati melalui Sekretaris Daerah.</p>)"));
    write(root / "profil/visi-misi/index.html",
          page("Visi Misi", R"(<h1>Visi dan Misi</h1><p>Visi: Terwujudnya masyarakat Kabupaten Contoh yang informatif dan terhubung melalui tata kelola pemerintahan berbasis elektronik yang terpadu.</p><p>Misi: meningkatkan kualitas layanan informasi publik, memperluas infrastruktur jaringan, dan mengembangkan satu data daerah.</p>)"));
    write(root / "profil/struktur-organisasi/index.html",
          page("Struktur Organisasi", R"(<h1>Struktur Organisasi</h1><p>Kepala Dinas; Sekretariat; Bidang Informasi dan Komunikasi Publik; Bidang Aplikasi Informatika; Bidang Statistik dan Persandian; UPTD.</p><p><img src="/img/struktur.png"></p>)"));
    write(root / "ppid/index.html",
          page("PPID", R"(<h1>PPID Pelaksana Dinas Komunikasi dan Informatika</h1>
<p>Pejabat Pengelola Informasi dan Dokumentasi (PPID) Pelaksana bertugas menyimpan, mendokumentasikan, menyediakan dan memberikan pelayanan informasi kepada publik sesuai Undang-Undang Nomor 14 Tahun 2008.</p>
<ul><li><a href="/ppid/informasi-berkala/">Informasi Berkala</a></li><li><a href="/ppid/informasi-serta-merta/">Informasi Serta Merta</a></li><li><a href="/ppid/dip/">Daftar Informasi Publik</a></li></ul>)"));
    write(root / "ppid/informasi-berkala/index.html",
          page("Informasi Berkala", R"(<h1>Informasi Wajib Diumumkan Secara Berkala</h1>
<table><thead><tr><th>No</th><th>Informasi</th><th>Tahun</th><th>Unduh</th></tr></thead><tbody>
<tr><td>1</td><td>Laporan Kinerja Instansi Pemerintah (LKjIP)</td><td>2025</td><td><a href="/wp-content/uploads/2026/03/LKjIP-Diskominfo-2025.pdf">LKjIP 2025.pdf</a></td></tr>
<tr><td>2</td><td>Laporan Realisasi Anggaran Semester I</td><td>2026</td><td><a href="/wp-content/uploads/2026/07/LRA-Semester-I-2026.pdf">LRA Semester I 2026.pdf</a></td></tr>
</tbody></table>)"));
    // A menu label whose page is an empty template: the report must not count it as published.
    write(root / "ppid/informasi-serta-merta/index.html", page("Informasi Serta Merta", "<h1></h1>"));
    write(root / "ppid/dip/index.html",
          page("Daftar Informasi Publik", R"(<h1>Daftar Informasi Publik</h1><p>Daftar Informasi Publik (DIP) tahun 2026 sedang dimutakhirkan dan akan segera diunggah pada halaman ini oleh PPID Pelaksana.</p>)"));
    write(root / "berita/index.html",
          page("Berita", R"(<h1>Berita</h1><ul><li><a href="/berita/2026/11/sosialisasi-keterbukaan-informasi/">Sosialisasi Keterbukaan Informasi Publik bagi PPID Pelaksana</a></li><li><a href="/berita/2026/10/pelatihan-satu-data/">Pelatihan Satu Data Indonesia Tingkat Kabupaten</a></li></ul>)"));
    write(root / "berita/2026/11/sosialisasi-keterbukaan-informasi/index.html",
          page("Sosialisasi Keterbukaan Informasi Publik", R"(<article><h1>Sosialisasi Keterbukaan Informasi Publik bagi PPID Pelaksana</h1><p class="meta">Diposting: Senin, 09 November 2026 09.15 WIB</p><p>Diskominfo menggelar sosialisasi keterbukaan informasi publik yang diikuti PPID Pelaksana dari seluruh perangkat daerah Kabupaten Contoh.</p></article>)"));
    write(root / "berita/2026/10/pelatihan-satu-data/index.html",
          page("Pelatihan Satu Data", R"(<article><h1>Pelatihan Satu Data Indonesia Tingkat Kabupaten</h1><p class="meta">Kamis, 15 Oktober 2026 10:30 WIB</p><p>Sebanyak 40 operator data dari perangkat daerah mengikuti pelatihan pengelolaan data statistik sektoral.</p></article>)"));
    write(root / "kontak/index.html",
          page("Kontak", R"(<h1>Kontak</h1><p>Alamat: Jl. Merdeka No. 1, Contoh 12345. Telepon: (0123) 456789. Surel: <a href="mailto:diskominfo@contohkab.go.id">diskominfo@contohkab.go.id</a></p>)"));
    write(root / "wp-content/uploads/2026/03/LKjIP-Diskominfo-2025.pdf", tiny_pdf("LKjIP Diskominfo 2025"));
    write(root / "wp-content/uploads/2026/07/LRA-Semester-I-2026.pdf", tiny_pdf("LRA Semester I 2026"));
    write(root / "robots.txt", "User-agent: *\nDisallow: /wp-admin/\n");
    return root;
}

} // namespace pantau::demo
