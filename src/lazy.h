/*
 * lazy.h - libxml2 and libarchive, loaded when first used.
 *
 * Most govrec commands (search, show, log, list, person, meeting ...) never
 * read XML or archives.  Linked normally, libxml2 and libarchive make every
 * process load twenty shared objects (libxml2 brings ICU and libstdc++,
 * libarchive its compressors and libxml2 again), which costs about 4 ms of
 * start-up, as much as a whole search of a small archive.  So the code that
 * uses them includes this header instead of theirs: it includes their
 * headers, then renames every function govrec calls to a pointer in a table
 * that lazy.c fills with dlopen()/dlsym() the first time the table is
 * wanted.  Call sites read as plain libxml2 and libarchive calls, with the
 * types checked against the real prototypes (__typeof__).
 *
 * libxml2 prints errors it cannot hand to a parser context (an allocation
 * that fails outside one: "Memory allocation failed") on standard error by
 * itself.  govrec prints nothing it did not write: once loaded, libxml2's
 * global handlers are set to ones that print nothing, and callers read
 * what went wrong from their context or xmlGetLastError().  libxml2 keeps
 * these handlers per thread; govrec calls it from the main thread only.
 *
 * Both libraries are hard dependencies of the package: if one cannot be
 * loaded the installation is broken, and govrec says so and exits with 3,
 * as it would have failed to start if it had been linked with it.
 *
 * A function newly used from either library must be added to its list
 * below; the link fails (undefined reference) until it is.
 */
#ifndef GOVREC_LAZY_H
#define GOVREC_LAZY_H

#include <archive.h>
#include <archive_entry.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#define GOVREC_LIBXML2_SYMBOLS(X)                                                                  \
	X(htmlReadMemory)                                                                          \
	X(xmlCtxtReadMemory)                                                                       \
	X(xmlDocGetRootElement)                                                                    \
	X(xmlFree) /* a variable holding the free function */                                     \
	X(xmlFreeDoc)                                                                              \
	X(xmlFreeParserCtxt)                                                                       \
	X(xmlFreeTextReader)                                                                       \
	X(xmlGetLastError)                                                                         \
	X(xmlInitParser)                                                                           \
	X(xmlNewParserCtxt)                                                                        \
	X(xmlReaderForIO)                                                                          \
	X(xmlResetLastError)                                                                       \
	X(xmlSAX2GetLineNumber)                                                                    \
	X(xmlSetGenericErrorFunc)                                                                  \
	X(xmlSetStructuredErrorFunc)                                                               \
	X(xmlStopParser)                                                                           \
	X(xmlTextReaderConstLocalName)                                                             \
	X(xmlTextReaderConstNamespaceUri)                                                          \
	X(xmlTextReaderConstValue)                                                                 \
	X(xmlTextReaderGetAttributeNs)                                                             \
	X(xmlTextReaderHasAttributes)                                                              \
	X(xmlTextReaderMoveToElement)                                                              \
	X(xmlTextReaderMoveToFirstAttribute)                                                       \
	X(xmlTextReaderMoveToNextAttribute)                                                        \
	X(xmlTextReaderNodeType)                                                                   \
	X(xmlTextReaderRead)                                                                       \
	X(xmlTextReaderReadString)

#define GOVREC_LIBARCHIVE_SYMBOLS(X)                                                               \
	X(archive_entry_filetype)                                                                  \
	X(archive_entry_free)                                                                      \
	X(archive_entry_hardlink)                                                                  \
	X(archive_entry_new)                                                                       \
	X(archive_entry_pathname)                                                                  \
	X(archive_entry_pathname_utf8)                                                             \
	X(archive_entry_set_filetype)                                                              \
	X(archive_entry_set_gid)                                                                   \
	X(archive_entry_set_gname)                                                                 \
	X(archive_entry_set_hardlink)                                                              \
	X(archive_entry_set_mtime)                                                                 \
	X(archive_entry_set_pathname)                                                              \
	X(archive_entry_set_perm)                                                                  \
	X(archive_entry_set_size)                                                                  \
	X(archive_entry_set_symlink)                                                               \
	X(archive_entry_set_uid)                                                                   \
	X(archive_entry_set_uname)                                                                 \
	X(archive_entry_size)                                                                      \
	X(archive_entry_size_is_set)                                                               \
	X(archive_entry_symlink)                                                                   \
	X(archive_errno)                                                                           \
	X(archive_error_string)                                                                    \
	X(archive_filter_bytes)                                                                    \
	X(archive_read_data)                                                                       \
	X(archive_read_free)                                                                       \
	X(archive_read_new)                                                                        \
	X(archive_read_next_header)                                                                \
	X(archive_read_open_fd)                                                                    \
	X(archive_read_open_filename)                                                              \
	X(archive_read_open_memory)                                                                \
	X(archive_read_support_filter_all)                                                         \
	X(archive_read_support_filter_bzip2)                                                       \
	X(archive_read_support_filter_gzip)                                                        \
	X(archive_read_support_filter_xz)                                                          \
	X(archive_read_support_filter_zstd)                                                        \
	X(archive_read_support_format_gnutar)                                                      \
	X(archive_read_support_format_raw)                                                         \
	X(archive_read_support_format_tar)                                                         \
	X(archive_read_support_format_zip)                                                         \
	X(archive_write_add_filter_gzip)                                                           \
	X(archive_write_add_filter_zstd)                                                           \
	X(archive_write_close)                                                                     \
	X(archive_write_data)                                                                      \
	X(archive_write_finish_entry)                                                              \
	X(archive_write_free)                                                                      \
	X(archive_write_header)                                                                    \
	X(archive_write_new)                                                                       \
	X(archive_write_open_fd)                                                                   \
	X(archive_write_open_filename)                                                             \
	X(archive_write_set_filter_option)                                                         \
	X(archive_write_set_format_option)                                                         \
	X(archive_write_set_format_pax_restricted)                                                 \
	X(archive_write_set_format_zip)

#define GOVREC_LAZY_FIELD(name) __typeof__(name) *name;

struct govrec_libxml2 {
	GOVREC_LIBXML2_SYMBOLS(GOVREC_LAZY_FIELD)
};

struct govrec_libarchive {
	GOVREC_LIBARCHIVE_SYMBOLS(GOVREC_LAZY_FIELD)
};

/* The loaded tables; the first call loads the library (or exits with 3). */
const struct govrec_libxml2 *govrec_libxml2(void);
const struct govrec_libarchive *govrec_libarchive(void);

#ifndef GOVREC_LAZY_IMPL
#define htmlReadMemory (*govrec_libxml2()->htmlReadMemory)
#define xmlCtxtReadMemory (*govrec_libxml2()->xmlCtxtReadMemory)
#define xmlDocGetRootElement (*govrec_libxml2()->xmlDocGetRootElement)
#define xmlFree (*govrec_libxml2()->xmlFree)
#define xmlFreeDoc (*govrec_libxml2()->xmlFreeDoc)
#define xmlFreeParserCtxt (*govrec_libxml2()->xmlFreeParserCtxt)
#define xmlFreeTextReader (*govrec_libxml2()->xmlFreeTextReader)
#define xmlGetLastError (*govrec_libxml2()->xmlGetLastError)
#define xmlInitParser (*govrec_libxml2()->xmlInitParser)
#define xmlNewParserCtxt (*govrec_libxml2()->xmlNewParserCtxt)
#define xmlReaderForIO (*govrec_libxml2()->xmlReaderForIO)
#define xmlResetLastError (*govrec_libxml2()->xmlResetLastError)
#define xmlSAX2GetLineNumber (*govrec_libxml2()->xmlSAX2GetLineNumber)
#define xmlSetGenericErrorFunc (*govrec_libxml2()->xmlSetGenericErrorFunc)
#define xmlSetStructuredErrorFunc (*govrec_libxml2()->xmlSetStructuredErrorFunc)
#define xmlStopParser (*govrec_libxml2()->xmlStopParser)
#define xmlTextReaderConstLocalName (*govrec_libxml2()->xmlTextReaderConstLocalName)
#define xmlTextReaderConstNamespaceUri (*govrec_libxml2()->xmlTextReaderConstNamespaceUri)
#define xmlTextReaderConstValue (*govrec_libxml2()->xmlTextReaderConstValue)
#define xmlTextReaderGetAttributeNs (*govrec_libxml2()->xmlTextReaderGetAttributeNs)
#define xmlTextReaderHasAttributes (*govrec_libxml2()->xmlTextReaderHasAttributes)
#define xmlTextReaderMoveToElement (*govrec_libxml2()->xmlTextReaderMoveToElement)
#define xmlTextReaderMoveToFirstAttribute (*govrec_libxml2()->xmlTextReaderMoveToFirstAttribute)
#define xmlTextReaderMoveToNextAttribute (*govrec_libxml2()->xmlTextReaderMoveToNextAttribute)
#define xmlTextReaderNodeType (*govrec_libxml2()->xmlTextReaderNodeType)
#define xmlTextReaderRead (*govrec_libxml2()->xmlTextReaderRead)
#define xmlTextReaderReadString (*govrec_libxml2()->xmlTextReaderReadString)

#define archive_entry_filetype (*govrec_libarchive()->archive_entry_filetype)
#define archive_entry_free (*govrec_libarchive()->archive_entry_free)
#define archive_entry_hardlink (*govrec_libarchive()->archive_entry_hardlink)
#define archive_entry_new (*govrec_libarchive()->archive_entry_new)
#define archive_entry_pathname (*govrec_libarchive()->archive_entry_pathname)
#define archive_entry_pathname_utf8 (*govrec_libarchive()->archive_entry_pathname_utf8)
#define archive_entry_set_filetype (*govrec_libarchive()->archive_entry_set_filetype)
#define archive_entry_set_gid (*govrec_libarchive()->archive_entry_set_gid)
#define archive_entry_set_gname (*govrec_libarchive()->archive_entry_set_gname)
#define archive_entry_set_hardlink (*govrec_libarchive()->archive_entry_set_hardlink)
#define archive_entry_set_mtime (*govrec_libarchive()->archive_entry_set_mtime)
#define archive_entry_set_pathname (*govrec_libarchive()->archive_entry_set_pathname)
#define archive_entry_set_perm (*govrec_libarchive()->archive_entry_set_perm)
#define archive_entry_set_size (*govrec_libarchive()->archive_entry_set_size)
#define archive_entry_set_symlink (*govrec_libarchive()->archive_entry_set_symlink)
#define archive_entry_set_uid (*govrec_libarchive()->archive_entry_set_uid)
#define archive_entry_set_uname (*govrec_libarchive()->archive_entry_set_uname)
#define archive_entry_size (*govrec_libarchive()->archive_entry_size)
#define archive_entry_size_is_set (*govrec_libarchive()->archive_entry_size_is_set)
#define archive_entry_symlink (*govrec_libarchive()->archive_entry_symlink)
#define archive_errno (*govrec_libarchive()->archive_errno)
#define archive_error_string (*govrec_libarchive()->archive_error_string)
#define archive_filter_bytes (*govrec_libarchive()->archive_filter_bytes)
#define archive_read_data (*govrec_libarchive()->archive_read_data)
#define archive_read_free (*govrec_libarchive()->archive_read_free)
#define archive_read_new (*govrec_libarchive()->archive_read_new)
#define archive_read_next_header (*govrec_libarchive()->archive_read_next_header)
#define archive_read_open_fd (*govrec_libarchive()->archive_read_open_fd)
#define archive_read_open_filename (*govrec_libarchive()->archive_read_open_filename)
#define archive_read_open_memory (*govrec_libarchive()->archive_read_open_memory)
#define archive_read_support_filter_all (*govrec_libarchive()->archive_read_support_filter_all)
#define archive_read_support_filter_bzip2 (*govrec_libarchive()->archive_read_support_filter_bzip2)
#define archive_read_support_filter_gzip (*govrec_libarchive()->archive_read_support_filter_gzip)
#define archive_read_support_filter_xz (*govrec_libarchive()->archive_read_support_filter_xz)
#define archive_read_support_filter_zstd (*govrec_libarchive()->archive_read_support_filter_zstd)
#define archive_read_support_format_gnutar                                                         \
	(*govrec_libarchive()->archive_read_support_format_gnutar)
#define archive_read_support_format_raw (*govrec_libarchive()->archive_read_support_format_raw)
#define archive_read_support_format_tar (*govrec_libarchive()->archive_read_support_format_tar)
#define archive_read_support_format_zip (*govrec_libarchive()->archive_read_support_format_zip)
#define archive_write_add_filter_gzip (*govrec_libarchive()->archive_write_add_filter_gzip)
#define archive_write_add_filter_zstd (*govrec_libarchive()->archive_write_add_filter_zstd)
#define archive_write_close (*govrec_libarchive()->archive_write_close)
#define archive_write_data (*govrec_libarchive()->archive_write_data)
#define archive_write_finish_entry (*govrec_libarchive()->archive_write_finish_entry)
#define archive_write_free (*govrec_libarchive()->archive_write_free)
#define archive_write_header (*govrec_libarchive()->archive_write_header)
#define archive_write_new (*govrec_libarchive()->archive_write_new)
#define archive_write_open_fd (*govrec_libarchive()->archive_write_open_fd)
#define archive_write_open_filename (*govrec_libarchive()->archive_write_open_filename)
#define archive_write_set_filter_option (*govrec_libarchive()->archive_write_set_filter_option)
#define archive_write_set_format_option (*govrec_libarchive()->archive_write_set_format_option)
#define archive_write_set_format_pax_restricted                                                    \
	(*govrec_libarchive()->archive_write_set_format_pax_restricted)
#define archive_write_set_format_zip (*govrec_libarchive()->archive_write_set_format_zip)
#endif

#endif
