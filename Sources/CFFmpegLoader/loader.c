#include "loader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <libavutil/macros.h>

/* Sonames from the headers the forwarders were compiled against, so the ABI matches, and
 * the Debian 12 package that installs each (named when one is missing). */
static const struct { const char *soname; const char *package; } libraries[] = {
    {"libavformat.so." AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR), "libavformat" AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR)},
    {"libavcodec.so." AV_STRINGIFY(LIBAVCODEC_VERSION_MAJOR), "libavcodec" AV_STRINGIFY(LIBAVCODEC_VERSION_MAJOR)},
    {"libavfilter.so." AV_STRINGIFY(LIBAVFILTER_VERSION_MAJOR), "libavfilter" AV_STRINGIFY(LIBAVFILTER_VERSION_MAJOR)},
    {"libswscale.so." AV_STRINGIFY(LIBSWSCALE_VERSION_MAJOR), "libswscale" AV_STRINGIFY(LIBSWSCALE_VERSION_MAJOR)},
    {"libswresample.so." AV_STRINGIFY(LIBSWRESAMPLE_VERSION_MAJOR), "libswresample" AV_STRINGIFY(LIBSWRESAMPLE_VERSION_MAJOR)},
    {"libavutil.so." AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR), "libavutil" AV_STRINGIFY(LIBAVUTIL_VERSION_MAJOR)},
};
#define LIBRARY_COUNT (sizeof(libraries) / sizeof(libraries[0]))

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *handles[LIBRARY_COUNT];
static void **symbols;
static char failure[1024];
static int loaded;

static void load(void) {
    for (size_t i = 0; i < LIBRARY_COUNT; i++) {
        handles[i] = dlopen(libraries[i].soname, RTLD_NOW | RTLD_LOCAL);
        if (!handles[i]) {
            snprintf(failure, sizeof failure, "cannot load %s (%s): install %s (Debian 12: apt-get install %s)",
                     libraries[i].soname, dlerror(), libraries[i].package, libraries[i].package);
            return;
        }
    }
    symbols = calloc((size_t)mw_ffmpeg_symbol_count, sizeof(void *));
    if (!symbols) {
        snprintf(failure, sizeof failure, "out of memory loading FFmpeg");
        return;
    }
    for (int s = 0; s < mw_ffmpeg_symbol_count; s++) {
        for (size_t i = 0; i < LIBRARY_COUNT && !symbols[s]; i++) symbols[s] = dlsym(handles[i], mw_ffmpeg_symbol_names[s]);
        if (!symbols[s]) {
            snprintf(failure, sizeof failure, "FFmpeg has no function %s: media-worker was built against other FFmpeg headers than the installed libraries",
                     mw_ffmpeg_symbol_names[s]);
            return;
        }
    }
    __atomic_store_n(&loaded, 1, __ATOMIC_RELEASE);
}

int mw_ffmpeg_load(void) {
    pthread_once(&once, load);
    return failure[0] ? -1 : 0;
}

const char *mw_ffmpeg_load_error(void) {
    pthread_once(&once, load);
    return failure;
}

int mw_ffmpeg_loaded(void) { return __atomic_load_n(&loaded, __ATOMIC_ACQUIRE); }

void *mw_ffmpeg_symbol(int index) {
    if (__builtin_expect(!__atomic_load_n(&loaded, __ATOMIC_ACQUIRE), 0) && mw_ffmpeg_load() != 0) {
        fprintf(stderr, "media-worker: %s\n", failure);
        abort();
    }
    return symbols[index];
}
