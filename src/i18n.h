/* i18n.h - marking the messages a user reads, for translation. */
#ifndef MB_I18N_H
#define MB_I18N_H

/*
 * Every message a press officer reads (diagnostics, command output, help)
 * is written in English in the source and wrapped in _() so that it can be
 * translated; N_() marks a string in a table that is translated where it is
 * used.  Until the translation catalogue is wired in, both are the identity.
 */
#define _(s) (s)
#define N_(s) (s)

#endif
