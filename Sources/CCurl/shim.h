#ifndef MEDIA_WORKER_CCURL_SHIM_H
#define MEDIA_WORKER_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt are variadic and not
   imported by Swift. These typed wrappers are the only way the Swift code calls them. */

typedef size_t (*mw_curl_data_callback)(char *buffer, size_t size, size_t nitems, void *userdata);
typedef int (*mw_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                          curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode mw_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode mw_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode mw_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode mw_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode mw_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode mw_curl_setopt_data_callback(CURL *handle, CURLoption option, mw_curl_data_callback cb) {
    return curl_easy_setopt(handle, option, cb);
}
static inline CURLcode mw_curl_setopt_xferinfo_callback(CURL *handle, mw_curl_xferinfo_callback cb) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, cb);
}
static inline CURLcode mw_curl_getinfo_long(CURL *handle, CURLINFO info, long *out) {
    return curl_easy_getinfo(handle, info, out);
}
static inline CURLcode mw_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *out) {
    return curl_easy_getinfo(handle, info, out);
}
static inline CURLcode mw_curl_getinfo_pointer(CURL *handle, CURLINFO info, void **out) {
    return curl_easy_getinfo(handle, info, out);
}
static inline CURLMcode mw_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}
static inline curl_version_info_data *mw_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}
static inline CURLcode mw_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}
/* The CURLMsg union member as a function, so Swift does not depend on its layout. */
static inline CURLcode mw_curl_msg_result(const CURLMsg *msg) {
    return msg->data.result;
}

static const size_t MW_CURL_READFUNC_ABORT = CURL_READFUNC_ABORT;
static const size_t MW_CURL_WRITEFUNC_ERROR = 0;

#endif
