/* bench/compare/gumbo_floor.c — the Gumbo parse floor: CPU time of a bare Gumbo parse (parse + free,
 * no tree walk, no I/O) of every HTML page of a corpus. Any crawler that builds a full DOM with Gumbo
 * pays at least this per page, so it bounds pantau's CPU per page and, on 2 cores, its pages/s.
 *
 * Files are read into memory before the clock starts; only gumbo_parse_with_options and
 * gumbo_destroy_output are timed (CLOCK_PROCESS_CPUTIME_ID). The corpus is parsed PASSES times and the
 * fastest pass is reported, so a noisy neighbour inflates the floor as little as possible.
 *
 * Usage: gumbo_floor DIR [PASSES [K/N]]   (parses every DIR/.../index.html; with K/N only every N-th
 * page from the K-th, so N processes started at once parse the corpus between them, as a crawler's N
 * parse threads do: that measures what the cores deliver when all of them parse, not one alone)
 * Prints one JSON object: pages, bytes, cpu_ms_per_page (best pass), every pass, the 2-core ceiling.
 * Compiled by bench/compare/compare.py: gcc -O2 gumbo_floor.c -lgumbo. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Page {
    char* data;
    size_t size;
};

static struct Page* g_pages;
static size_t g_count, g_cap;
static size_t g_seen, g_shard, g_shards = 1; /* K/N: keep page i when i % N == K */

static int collect(const char* path, const struct stat* st, int type, struct FTW* ftw) {
    (void)st;
    (void)ftw;
    size_t len = strlen(path);
    /* The disallowed pages (/wp-admin/, /cari/) are not part of what a polite crawler parses. */
    if (type != FTW_F || len < 10 || strcmp(path + len - 10, "index.html") != 0 || strstr(path, "/wp-admin/") ||
        strstr(path, "/cari/")) {
        return 0;
    }
    if (g_seen++ % g_shards != g_shard) {
        return 0;
    }
    FILE* f = fopen(path, "rb");
    if (!f) {
        return 0;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char* data = malloc((size_t)size + 1);
    if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(data);
        return 0;
    }
    fclose(f);
    if (g_count == g_cap) {
        g_cap = g_cap ? g_cap * 2 : 1024;
        g_pages = realloc(g_pages, g_cap * sizeof *g_pages);
    }
    g_pages[g_count].data = data;
    g_pages[g_count].size = (size_t)size;
    ++g_count;
    return 0;
}

/* Written after each pass so the compiler cannot drop the parses. */
static volatile size_t g_sink;

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [PASSES]\n", argv[0]);
        return 2;
    }
    int passes = argc > 2 ? atoi(argv[2]) : 3;
    if (passes < 1) {
        passes = 1;
    }
    if (argc > 3 && (sscanf(argv[3], "%zu/%zu", &g_shard, &g_shards) != 2 || g_shards == 0 || g_shard >= g_shards)) {
        fprintf(stderr, "%s: shard must be K/N with K < N, not %s\n", argv[0], argv[3]);
        return 2;
    }
    if (nftw(argv[1], collect, 64, FTW_PHYS) != 0 || g_count == 0) {
        fprintf(stderr, "no index.html under %s\n", argv[1]);
        return 1;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < g_count; ++i) {
        bytes += g_pages[i].size;
    }
    double best = 1e300;
    printf("{\"pages\": %zu, \"bytes\": %zu, \"passes_ms_per_page\": [", g_count, bytes);
    for (int p = 0; p < passes; ++p) {
        double t0 = cpu_seconds();
        size_t nodes = 0;
        for (size_t i = 0; i < g_count; ++i) {
            GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, g_pages[i].data, g_pages[i].size);
            nodes += out->root->v.element.children.length; /* keep the parse observable */
            gumbo_destroy_output(&kGumboDefaultOptions, out);
        }
        double ms = (cpu_seconds() - t0) * 1000.0 / (double)g_count;
        if (ms < best) {
            best = ms;
        }
        g_sink = nodes;
        printf("%s%.4f", p ? ", " : "", ms);
    }
    printf("], \"cpu_ms_per_page\": %.4f, \"ceiling_2core_pages_per_s\": %.1f}\n", best, 2000.0 / best);
    for (size_t i = 0; i < g_count; ++i) {
        free(g_pages[i].data);
    }
    free(g_pages);
    return 0;
}
