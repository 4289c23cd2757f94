#ifndef MEDIA_WORKER_CXML2_SHIM_H
#define MEDIA_WORKER_CXML2_SHIM_H
/* Debian builds libxml2 with ICU, so <libxml/encoding.h> includes ICU's headers. Their
   UErrorCode clashes with the copy in Foundation's private _FoundationICU module when a
   Swift file sees both ("'UErrorCode' has different definitions in different modules"),
   which failed fresh builds depending on build order. libxml2's only ICU use in its
   headers is a struct we never touch, reached by pointer: declare the two types it names
   and skip <unicode/ucnv.h>. */
#define UCNV_H 1
typedef struct UConverter UConverter;
typedef unsigned short UChar;
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

/* Parser options for untrusted input: no network, no entity expansion, no DTD loading. */
static inline int mw_xml_safe_options(void) {
    return XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS;
}
static inline const char *mw_xml_version(void) { return LIBXML_DOTTED_VERSION; }
/* xmlFree is a global function-pointer variable; this calls it without touching it from Swift. */
static inline void mw_xml_free(void *pointer) { xmlFree(pointer); }
/* Silences libxml2's default error printer (errors are read with xmlGetLastError). */
static void mw_xml_ignore_error(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void mw_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, mw_xml_ignore_error);
}

#endif
