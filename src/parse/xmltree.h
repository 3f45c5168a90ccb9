/*
 * xmltree.h: a read-only XML tree for the parts of containers that readers
 * outside src/parse need (WordprocessingML, OpenDocument, SpreadsheetML),
 * with no libxml2 type in sight: libxml2 is included by src/parse only.
 *
 * A buffer is parsed with no network, no DTD loading and no entity
 * expansion; a DOCTYPE is refused outright (OOXML and ODF never have one),
 * and limits bound the size, the depth and the number of nodes. The tree
 * lives in the caller's arena and is freed with it. Element names are
 * local names with their namespace URI beside them; text nodes are kept as
 * they are, whitespace included. Walk it with first_child/next/parent in a
 * loop: no accessor recurses, so a deep tree cannot overflow the stack.
 */
#ifndef ARSRAPPORT_XMLTREE_H
#define ARSRAPPORT_XMLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"

typedef enum {
    XMLTREE_OK = 0,
    XMLTREE_ERR_NOT_XML,  /* not well-formed; message and line say where */
    XMLTREE_ERR_DOCTYPE,  /* a DOCTYPE (entities, external DTDs) */
    XMLTREE_ERR_TOO_BIG,  /* more bytes than max_bytes */
    XMLTREE_ERR_TOO_DEEP, /* elements nested deeper than max_depth */
    XMLTREE_ERR_TOO_MANY  /* more nodes than max_nodes */
} xmltree_status;

typedef struct {
    size_t max_bytes;   /* of the buffer */
    unsigned max_depth; /* of element nesting */
    size_t max_nodes;   /* elements, attributes and text nodes together */
} xmltree_limits;

typedef struct {
    xmltree_status status;
    uint32_t line;     /* 1-based; 0 when unknown */
    char message[200]; /* libxml2's text for NOT_XML (English), else "" */
} xmltree_error;

typedef struct xmltree xmltree;
typedef struct xmlt_node xmlt_node;

/* 64 MiB, depth 256, 8 million nodes. */
void xmltree_default_limits(xmltree_limits *l);

/* Parses len bytes at buf (which need not be NUL-terminated and are not
 * kept) into a tree allocated in a. NULL with the reason in *err when the
 * bytes are not well-formed XML, have a DOCTYPE or pass a limit (lim NULL:
 * the defaults); what was allocated stays in a until it is freed. */
xmltree *xmltree_parse(arena *a, const char *buf, size_t len,
                       const xmltree_limits *lim, xmltree_error *err);

/* The document element. */
const xmlt_node *xmltree_root(const xmltree *t);

/* Whether n is an element (else it is a text node). */
bool xmlt_is_element(const xmlt_node *n);
/* Element n's local name; NULL for text. */
const char *xmlt_name(const xmlt_node *n);
/* Element n's namespace URI, "" when it has none; NULL for text. */
const char *xmlt_ns(const xmlt_node *n);
/* Whether n is the element name in namespace ns ("" or NULL: none). */
bool xmlt_is(const xmlt_node *n, const char *ns, const char *name);
/* The value of attribute name in namespace ns ("" or NULL: none) on
 * element n, or NULL. */
const char *xmlt_attr(const xmlt_node *n, const char *ns, const char *name);
/* Attributes of n by position (namespace declarations are not
 * attributes): false past the last; *ns is "" when it has none. */
bool xmlt_attr_at(const xmlt_node *n, size_t i, const char **ns,
                  const char **name, const char **value);
/* The first child (element or text), the next sibling, the parent: NULL
 * when there is none. */
const xmlt_node *xmlt_first_child(const xmlt_node *n);
const xmlt_node *xmlt_next(const xmlt_node *n);
const xmlt_node *xmlt_parent(const xmlt_node *n);
/* The first child element of n named name in ns, or NULL. */
const xmlt_node *xmlt_child(const xmlt_node *n, const char *ns,
                            const char *name);
/* The next sibling element of n with the same name and namespace. */
const xmlt_node *xmlt_next_same(const xmlt_node *n);
/* A text node's text; NULL for an element. */
const char *xmlt_text(const xmlt_node *n);
/* All text below n in document order, joined, in a (a text node: its
 * text). Iterative. */
char *xmlt_text_content(arena *a, const xmlt_node *n);
/* The line n starts on (1-based), for messages. */
uint32_t xmlt_line(const xmlt_node *n);
/* The next node after n in document order below top (pre-order: the
 * first child, else the next sibling, else the next sibling of the
 * nearest ancestor below top); NULL when the walk is done. skip_children
 * goes past n's subtree. For loops that visit a whole subtree. */
const xmlt_node *xmlt_walk_next(const xmlt_node *n, const xmlt_node *top,
                                bool skip_children);

#endif
