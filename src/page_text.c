/* page_text.c - news list, news items and the other Markdown pages. */
#include <string.h>

#include "alloc.h"
#include "markdown.h"
#include "page_ctx.h"

static void item(struct mb_page_job *J, cJSON *o, const struct mb_page *pg)
{
	mb_ctx_ref(o, "slug", pg->slug);
	mb_ctx_ref(o, "title", pg->title);
	mb_ctx_ref(o, "date_iso", pg->date);
	mb_ctx_date(J, o, "date", pg->date);
	mb_ctx_ref(o, "summary", pg->summary);
}

cJSON *mb_page_news(struct mb_page_job *J)
{
	const struct mb_pages *P = J->P;
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "tin-tuc/index.html");
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_NEWS, "Tin tức",
	                             "Tin tức về kết quả cải cách hành chính.");
	mb_ctx_bool(ctx, "has_news", P->nnews > 0);
	cJSON *arr = mb_ctx_arr(ctx, "news");
	for (size_t k = 0; k < P->nnews; k++) {
		cJSON *o = mb_ctx_obj(arr, NULL);
		item(J, o, &P->m->pages[k]);
		mb_ctx_href(J, o, "href", "tin-tuc/%s/index.html", P->m->pages[k].slug);
	}
	return ctx;
}

cJSON *mb_page_article(struct mb_page_job *J, size_t k)
{
	const struct mb_pages *P = J->P;
	const struct mb_page *pg = &P->m->pages[k];
	bool news = k < P->nnews;
	mb_buf_reset(&J->rel);
	mb_buf_printf(&J->rel, news ? "tin-tuc/%s/index.html" : "%s/index.html", pg->slug);
	cJSON *ctx = mb_page_ctx_new(J, news ? MB_SEC_NEWS : MB_SEC_OTHER, pg->title,
	                             pg->summary);
	cJSON *o = mb_ctx_obj(ctx, "article");
	item(J, o, pg);
	mb_ctx_bool(o, "is_news", news);
	const char *md = pg->body_md ? pg->body_md : "";
	char *html = mb_markdown_html_at(md, strlen(md), 2, pg->title, J->root);
	mb_ctx_str(o, "body_html", html);
	free(html);
	mb_ctx_href(J, ctx, "news_href", "tin-tuc/index.html");
	return ctx;
}
