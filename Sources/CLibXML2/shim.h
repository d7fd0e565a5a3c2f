#ifndef XMPPLAB_CLIBXML2_SHIM_H
#define XMPPLAB_CLIBXML2_SHIM_H

// Debian's libxml2 headers pull in the system ICU when LIBXML_ICU_ENABLED is
// set, which clashes with the ICU bundled in Foundation ("'UErrorCode' has
// different definitions in different modules") on clean builds. The version
// header defines the flag; undefine it before anything else is included.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

// Swift 6 rejects reading the global function pointer `xmlFree` directly.
static inline void xmpplab_xmlFree(void *pointer) { xmlFree(pointer); }

#endif
