/* docxml.c — the hardened expat parse of document parts (see docxml.h): a
 * wrapper between expat and the extractor's handlers that strips namespace
 * prefixes, counts depth, refuses a DOCTYPE and lets a handler stop the
 * parse. */
#include <expat.h>
#include <stdio.h>
#include <string.h>

#include "extract/docxml.h"

const char *ls_docxml_local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

const char *ls_docxml_attr(const char **attrs, const char *local)
{
    for (size_t i = 0; attrs && attrs[i] && attrs[i + 1]; i += 2)
        if (strcmp(ls_docxml_local(attrs[i]), local) == 0)
            return attrs[i + 1];
    return NULL;
}

struct xml_wrap {
    XML_Parser p;
    const struct ls_docxml_handlers *h;
    unsigned depth, max_depth;
    int error; /* 1 doctype, 2 depth */
};

static void xml_check_stop(struct xml_wrap *w)
{
    if (w->h->stop && *w->h->stop)
        XML_StopParser(w->p, XML_FALSE);
}

static void XMLCALL xml_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    struct xml_wrap *w = ud;
    if (++w->depth > w->max_depth) {
        w->error = 2;
        XML_StopParser(w->p, XML_FALSE);
        return;
    }
    if (w->h->start)
        w->h->start(w->h->ud, ls_docxml_local(name), attrs);
    xml_check_stop(w);
}

static void XMLCALL xml_end(void *ud, const XML_Char *name)
{
    struct xml_wrap *w = ud;
    if (w->depth)
        w->depth--;
    if (w->h->end)
        w->h->end(w->h->ud, ls_docxml_local(name));
    xml_check_stop(w);
}

static void XMLCALL xml_text(void *ud, const XML_Char *s, int len)
{
    struct xml_wrap *w = ud;
    if (w->h->text)
        w->h->text(w->h->ud, s, len);
    xml_check_stop(w);
}

static void XMLCALL xml_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                const XML_Char *pubid, int has_internal)
{
    struct xml_wrap *w = ud;
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    w->error = 1;
    XML_StopParser(w->p, XML_FALSE);
}

ls_status ls_docxml_parse(const unsigned char *data, size_t len, const struct ls_limits *lim,
                          const struct ls_docxml_handlers *h, char *reason, size_t reasonlen)
{
    struct xml_wrap w;
    ls_status status = LS_OK;
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p)
        return LS_ENOMEM;
    memset(&w, 0, sizeof w);
    w.p = p;
    w.h = h;
    w.max_depth = lim->max_xml_depth;
    XML_SetUserData(p, &w);
    XML_SetElementHandler(p, xml_start, xml_end);
    XML_SetCharacterDataHandler(p, xml_text);
    XML_SetStartDoctypeDeclHandler(p, xml_doctype);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    size_t pos = 0;
    do {
        size_t n = len - pos > (1u << 20) ? (1u << 20) : len - pos;
        int final = pos + n == len;
        if (XML_Parse(p, (const char *)data + pos, (int)n, final) != XML_STATUS_OK) {
            enum XML_Error e = XML_GetErrorCode(p);
            if (e == XML_ERROR_ABORTED && w.error == 0)
                break; /* stopped by the caller */
            if (w.error == 1)
                snprintf(reason, reasonlen, "xml: DOCTYPE not allowed");
            else if (w.error == 2)
                snprintf(reason, reasonlen, "limit: xml depth over %u", lim->max_xml_depth);
            else
                snprintf(reason, reasonlen, "xml: %s at line %lu", XML_ErrorString(e),
                         (unsigned long)XML_GetCurrentLineNumber(p));
            status = LS_EFAILED;
            break;
        }
        pos += n;
    } while (pos < len);
    XML_ParserFree(p);
    return status;
}
