/* Cross-document boilerplate: lines that recur across many pages of one
 * site (a footer sentence, a newsletter pitch, an author box) learnt from
 * a batch and dropped in later runs.  Lines are compared after CCNet's
 * normalisation: case folded, digits as 0, punctuation and spacing
 * ignored. */
#ifndef DECRUFT_PROFILE_H
#define DECRUFT_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "decruft.h"

/* A site needs this many pages before any of its lines is trusted as
 * boilerplate; a line must recur on PROFILE_MIN_PAGES of them and on
 * PROFILE_MIN_SHARE of the site's pages.  Blocks with fewer words are not
 * learnt: "Share", "Home" are the rules' business, and short lines recur
 * as content ("New in version 3.2", "Part of the Stable ABI").
 *
 * Tuned with `make bench-profile` on two documentation sites (1,699 pages,
 * learnt on one half, applied to the other): of the boilerplate the page
 * stages keep, these values remove 35% and no content; 3 words and 5%
 * removed 44% of it but also 64,000 characters of content, more than the
 * 25,000 of boilerplate. */
#define PROFILE_MIN_SITE_PAGES 5
#define PROFILE_MIN_PAGES 3
#define PROFILE_MIN_SHARE 0.10
#define PROFILE_MIN_WORDS 6

/* The normalised key of a line of text; 0 when it has fewer than
 * PROFILE_MIN_WORDS words. */
uint64_t profile_key(const char *text, size_t len);

typedef struct profile_site profile_site;

/* The profile's counts for site, found once per page; NULL when the
 * profile knows nothing of it. */
const profile_site *profile_find(const decruft_profile *p, const char *site);

/* On how many of the site's pages the line with key recurs, when the
 * profile counts it as boilerplate; 0 otherwise. */
uint32_t profile_lookup(const profile_site *s, uint64_t key);

#endif
