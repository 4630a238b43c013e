/* dl_table.c - the tables behind every download: columns, rows and cells. */
#include "dl.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

/* The fixed columns.  Names are snake_case so they can never collide with a
 * criterion id (ids use hyphens only). */
static const struct {
	enum mb_dl_field field;
	enum mb_dl_type type;
	const char *name, *title, *desc;
	enum mb_dl_unit unit;
} std_cols[] = {
	{MB_F_PERIOD, MB_DL_TEXT, "ky", "Kỳ",
	 "Mã kỳ báo cáo: YYYY là cả năm, YYYY-qN là quý N.", MB_U_NONE},
	{MB_F_PERIOD_LABEL, MB_DL_TEXT, "ten_ky", "Tên kỳ",
	 "Tên kỳ báo cáo, ví dụ «Quý II/2023», «Năm 2023».", MB_U_NONE},
	{MB_F_INDEX, MB_DL_TEXT, "chi_so", "Mã chỉ số", "Mã của chỉ số đánh giá.", MB_U_NONE},
	{MB_F_INDEX_NAME, MB_DL_TEXT, "ten_chi_so", "Chỉ số", "Tên của chỉ số đánh giá.",
	 MB_U_NONE},
	{MB_F_GROUP_ID, MB_DL_TEXT, "ma_nhom", "Mã nhóm",
	 "Mã nhóm đơn vị. Đơn vị chỉ được xếp hạng trong nhóm của mình.", MB_U_NONE},
	{MB_F_GROUP, MB_DL_TEXT, "nhom", "Nhóm",
	 "Tên nhóm đơn vị, ví dụ «Sở, ban, ngành», «UBND cấp huyện».", MB_U_NONE},
	{MB_F_UNIT_ID, MB_DL_TEXT, "ma_don_vi", "Mã đơn vị",
	 "Mã định danh của đơn vị, không đổi giữa các kỳ; dùng để ghép các bảng.", MB_U_NONE},
	{MB_F_UNIT, MB_DL_TEXT, "don_vi", "Đơn vị", "Tên đơn vị.", MB_U_NONE},
	{MB_F_PARENT_ID, MB_DL_TEXT, "ma_don_vi_cap_tren", "Mã đơn vị cấp trên",
	 "Mã của đơn vị cấp trên (ví dụ huyện của một xã); trống nếu không có.", MB_U_NONE},
	{MB_F_PARENT, MB_DL_TEXT, "don_vi_cap_tren", "Đơn vị cấp trên",
	 "Tên đơn vị cấp trên (ví dụ huyện của một xã); trống nếu không có.", MB_U_NONE},
	{MB_F_RANK, MB_DL_INT, "xep_hang", "Xếp hạng",
	 "Thứ hạng trong nhóm theo tỷ lệ điểm đạt, từ cao xuống thấp. Đơn vị bằng "
	 "điểm cùng hạng và hạng kế tiếp được bỏ qua (1, 2, 2, 4).", MB_U_RANK},
	{MB_F_PERCENT, MB_DL_PERCENT, "phan_tram", "Tỷ lệ điểm đạt",
	 "Tổng điểm chia cho điểm tối đa áp dụng. Trong CSV là phần trăm từ 0 đến 100, "
	 "làm tròn 2 chữ số thập phân đúng như trên trang (ví dụ 81.33); trong Excel là "
	 "công thức tổng điểm ÷ điểm tối đa áp dụng, hiển thị dạng %. Tệp JSON của kỳ "
	 "giữ 4 chữ số thập phân.", MB_U_PERCENT},
	{MB_F_TOTAL, MB_DL_POINTS, "tong_diem", "Tổng điểm",
	 "Tổng điểm đạt được, chính xác đến 4 chữ số thập phân.", MB_U_POINTS},
	{MB_F_MAX, MB_DL_POINTS, "diem_toi_da", "Điểm tối đa áp dụng",
	 "Điểm tối đa của chỉ số trừ điểm tối đa của các tiêu chí không áp dụng "
	 "với đơn vị.", MB_U_POINTS},
	{MB_F_BAND, MB_DL_TEXT, "xep_loai", "Xếp loại",
	 "Nhóm xếp loại theo tỷ lệ điểm đạt, nếu chỉ số có phân loại; trống nếu không.", MB_U_NONE},
	{MB_F_PREV_PERIOD, MB_DL_TEXT, "ky_so_sanh", "Kỳ so sánh",
	 "Kỳ gần nhất trước đó mà đơn vị được xếp hạng trong cùng nhóm của chỉ số "
	 "này; trống nếu đơn vị mới.", MB_U_NONE},
	{MB_F_PREV_RANK, MB_DL_INT, "xep_hang_ky_truoc", "Xếp hạng kỳ trước",
	 "Thứ hạng của đơn vị ở kỳ so sánh; trống nếu đơn vị mới, hoặc nếu các đơn vị "
	 "trong nhóm được sắp xếp lại giữa kỳ so sánh và kỳ này (hai thứ hạng là thứ hạng "
	 "giữa những đơn vị khác nhau nên không so sánh).", MB_U_RANK},
	{MB_F_CHANGE, MB_DL_CHANGE, "thay_doi_xep_hang", "Thay đổi thứ hạng",
	 "Số bậc thay đổi so với kỳ so sánh: dương là tăng hạng, âm là giảm hạng, "
	 "0 là giữ nguyên; trống nếu đơn vị mới, hoặc nếu các đơn vị trong nhóm được "
	 "sắp xếp lại giữa kỳ so sánh và kỳ này.", MB_U_STEPS},
	{MB_F_CRIT_ID, MB_DL_TEXT, "ma_tieu_chi", "Mã tiêu chí",
	 "Mã của tiêu chí trong chỉ số; là tên cột của tiêu chí trong tệp CSV xếp hạng.",
	 MB_U_NONE},
	{MB_F_CRIT_NAME, MB_DL_TEXT, "tieu_chi", "Tiêu chí",
	 "Số thứ tự và tên tiêu chí (1. là lĩnh vực, 1.2. là tiêu chí thành phần).", MB_U_NONE},
	{MB_F_CRIT_LEVEL, MB_DL_INT, "cap", "Cấp",
	 "Cấp của tiêu chí: 1 là lĩnh vực, 2 là tiêu chí thành phần, 3 là tiêu chí "
	 "con của tiêu chí thành phần...", MB_U_NONE},
	{MB_F_CRIT_AREA, MB_DL_TEXT, "linh_vuc", "Lĩnh vực",
	 "Lĩnh vực (tiêu chí cấp 1) chứa tiêu chí này.", MB_U_NONE},
	{MB_F_CRIT_VALUE, MB_DL_POINTS, "diem", "Điểm",
	 "Điểm đạt được của tiêu chí. Bảng chỉ gồm các tiêu chí có điểm; tiêu chí "
	 "không áp dụng với đơn vị không có dòng.", MB_U_POINTS},
	{MB_F_CRIT_MAX, MB_DL_POINTS, "diem_toi_da_tieu_chi", "Điểm tối đa tiêu chí",
	 "Điểm tối đa của tiêu chí theo quy định của chỉ số.", MB_U_POINTS},
	{MB_F_CRIT_AREA_RANK, MB_DL_INT, "xep_hang_linh_vuc", "Xếp hạng lĩnh vực",
	 "Thứ hạng trong nhóm theo điểm của lĩnh vực, giữa các đơn vị áp dụng lĩnh "
	 "vực đó; chỉ có ở tiêu chí cấp 1.", MB_U_RANK},
	{MB_F_CARRIED, MB_DL_INT, "ton_ky_truoc", "Tồn kỳ trước",
	 "Số hồ sơ chưa giải quyết xong từ kỳ trước chuyển sang.", MB_U_FILES},
	{MB_F_RECEIVED, MB_DL_INT, "tiep_nhan", "Tiếp nhận mới",
	 "Số hồ sơ tiếp nhận mới trong kỳ: trực tuyến + trực tiếp + bưu chính.", MB_U_FILES},
	{MB_F_RECV_ONLINE, MB_DL_INT, "tiep_nhan_truc_tuyen", "Tiếp nhận trực tuyến",
	 "Số hồ sơ tiếp nhận trực tuyến trong kỳ.", MB_U_FILES},
	{MB_F_RECV_DIRECT, MB_DL_INT, "tiep_nhan_truc_tiep", "Tiếp nhận trực tiếp",
	 "Số hồ sơ tiếp nhận trực tiếp trong kỳ.", MB_U_FILES},
	{MB_F_RECV_POSTAL, MB_DL_INT, "tiep_nhan_buu_chinh", "Tiếp nhận qua bưu chính",
	 "Số hồ sơ tiếp nhận qua dịch vụ bưu chính công ích trong kỳ.", MB_U_FILES},
	{MB_F_RESOLVED, MB_DL_INT, "da_giai_quyet", "Đã giải quyết",
	 "Số hồ sơ đã giải quyết: trước hạn + đúng hạn + trễ hạn.", MB_U_FILES},
	{MB_F_EARLY, MB_DL_INT, "giai_quyet_truoc_han", "Giải quyết trước hạn",
	 "Số hồ sơ giải quyết trước hạn.", MB_U_FILES},
	{MB_F_ON_TIME, MB_DL_INT, "giai_quyet_dung_han", "Giải quyết đúng hạn",
	 "Số hồ sơ giải quyết đúng hạn.", MB_U_FILES},
	{MB_F_LATE, MB_DL_INT, "giai_quyet_tre_han", "Giải quyết trễ hạn",
	 "Số hồ sơ giải quyết trễ hạn.", MB_U_FILES},
	{MB_F_PENDING, MB_DL_INT, "dang_giai_quyet", "Đang giải quyết",
	 "Số hồ sơ đang giải quyết cuối kỳ: còn trong hạn + đã quá hạn.", MB_U_FILES},
	{MB_F_PEND_IN_TIME, MB_DL_INT, "dang_giai_quyet_trong_han", "Đang giải quyết trong hạn",
	 "Số hồ sơ đang giải quyết, còn trong hạn.", MB_U_FILES},
	{MB_F_OVERDUE, MB_DL_INT, "dang_giai_quyet_qua_han", "Đang giải quyết quá hạn",
	 "Số hồ sơ đang giải quyết đã quá hạn.", MB_U_FILES},
	{MB_F_WITHDRAWN, MB_DL_INT, "rut_ho_so", "Rút hồ sơ",
	 "Số hồ sơ người nộp rút lại; trống nếu đơn vị không báo cáo.", MB_U_FILES},
	{MB_F_PAY_ONLINE, MB_DL_INT, "thanh_toan_truc_tuyen", "Thanh toán trực tuyến",
	 "Số giao dịch thanh toán phí, lệ phí trực tuyến; trống nếu đơn vị không báo cáo.",
	 MB_U_PAYMENTS},
	{MB_F_PAY_TOTAL, MB_DL_INT, "thanh_toan_tong", "Tổng số giao dịch thanh toán",
	 "Tổng số giao dịch thanh toán phí, lệ phí; trống nếu đơn vị không báo cáo.",
	 MB_U_PAYMENTS},
	{MB_F_PAY_AMOUNT, MB_DL_MONEY, "so_tien_truc_tuyen", "Số tiền thanh toán trực tuyến (đồng)",
	 "Tổng số tiền thanh toán trực tuyến, tính bằng đồng; trống nếu đơn vị không báo cáo.",
	 MB_U_VND},
	{MB_F_DIGITIZED, MB_DL_INT, "so_hoa", "Hồ sơ được số hóa",
	 "Số hồ sơ được số hóa; trống nếu đơn vị không báo cáo.", MB_U_FILES},
	{MB_F_SAT_RESPONSES, MB_DL_INT, "luot_danh_gia", "Lượt đánh giá",
	 "Số lượt người dân, doanh nghiệp đánh giá; trống nếu đơn vị không báo cáo.",
	 MB_U_RESPONSES},
	{MB_F_SAT_SATISFIED, MB_DL_INT, "luot_hai_long", "Lượt hài lòng",
	 "Số lượt đánh giá hài lòng; trống nếu đơn vị không báo cáo.", MB_U_RESPONSES},
	{MB_F_BALANCE, MB_DL_CHANGE, "chenh_lech_can_doi", "Chênh lệch cân đối",
	 "Tồn kỳ trước + tiếp nhận mới − đã giải quyết − đang giải quyết − rút hồ "
	 "sơ. Khác 0 nghĩa là số liệu báo cáo không cân đối.", MB_U_FILES},
	{MB_F_DIGITIZED_BASE, MB_DL_INT, "tiep_nhan_co_bao_cao_so_hoa",
	 "Tiếp nhận của đơn vị báo cáo số hóa",
	 "Số hồ sơ tiếp nhận mới của các đơn vị có báo cáo số hóa: mẫu số của tỷ lệ số hóa "
	 "(bằng số tiếp nhận mới khi mọi đơn vị đều báo cáo); trống nếu không đơn vị nào "
	 "báo cáo.", MB_U_FILES},
	{MB_F_LONG_SOURCE, MB_DL_TEXT, "chi_so", "Chỉ số",
	 "Nguồn của số liệu: mã chỉ số đánh giá (ví dụ par), hoặc dich-vu cho số liệu giải "
	 "quyết hồ sơ.", MB_U_NONE},
	{MB_F_LONG_MEASURE, MB_DL_TEXT, "chi_tieu", "Chỉ tiêu",
	 "Số liệu nào: tên trùng với tên cột của tệp CSV của kỳ: của bảng «Xếp hạng …» của "
	 "chỉ số khi chi_so là mã chỉ số (phan_tram, tong_diem, xep_hang, mã từng tiêu chí, "
	 "xep_hang_<lĩnh vực>...), của bảng «Dịch vụ công» khi chi_so là dich-vu (tiep_nhan, "
	 "ty_le_dung_han, ty_le_dung_han_so_ky_truoc...). Ý nghĩa và thang đo của mỗi chỉ tiêu "
	 "là của cột cùng tên, giải thích ở các bảng đó; đơn vị tính ở cột don_vi_tinh.",
	 MB_U_NONE},
	{MB_F_LONG_VALUE, MB_DL_NUMBER, "gia_tri", "Giá trị",
	 "Giá trị của chỉ tiêu, theo thang đo của cột cùng tên, đơn vị tính ở cột "
	 "don_vi_tinh: mọi tỷ lệ là phần trăm từ 0 đến 100 làm tròn 2 chữ số thập phân "
	 "đúng như trên trang (ví dụ 95.57); thay đổi "
	 "của tỷ lệ là điểm phần trăm, 2 chữ số thập phân; điểm giữ đủ chữ số (tối đa 4); "
	 "số hồ sơ, thứ hạng là số nguyên. Số liệu không có (không áp dụng, không báo cáo, "
	 "mẫu số bằng 0) thì không có dòng.", MB_U_NONE},
	{MB_F_FROM, MB_DL_TEXT, "tu_ngay", "Hoạt động từ ngày",
	 "Ngày đơn vị bắt đầu hoạt động (YYYY-MM-DD), nếu dữ liệu ghi; trống nếu có từ trước "
	 "mọi kỳ.", MB_U_NONE},
	{MB_F_UNTIL, MB_DL_TEXT, "den_ngay", "Hoạt động đến ngày",
	 "Ngày cuối cùng đơn vị hoạt động (YYYY-MM-DD), ví dụ trước khi sáp nhập; trống nếu "
	 "vẫn hoạt động.", MB_U_NONE},
	{MB_F_SUCCESSORS, MB_DL_TEXT, "don_vi_ke_thua", "Đơn vị kế thừa",
	 "Mã các đơn vị tiếp nhận nhiệm vụ của đơn vị sau ngày den_ngay, cách nhau bằng dấu "
	 "cách; trống nếu không có.", MB_U_NONE},
	{MB_F_SCOPE, MB_DL_TEXT, "pham_vi", "Phạm vi",
	 "«Nhóm»: tổng của các đơn vị trong một nhóm; «Tổng cộng»: tổng của mọi đơn vị.",
	 MB_U_NONE},
	{MB_F_UNITS, MB_DL_INT, "so_don_vi", "Số đơn vị",
	 "Số đơn vị được cộng (dịch vụ công) hoặc được lấy trung bình (chỉ số).", MB_U_UNITS},
	{MB_F_MEAN_PCT, MB_DL_MEAN_PCT, "phan_tram_trung_binh", "Tỷ lệ điểm đạt trung bình",
	 "Trung bình cộng tỷ lệ điểm đạt của các đơn vị trong nhóm, tính chính xác rồi làm tròn "
	 "một lần. Trong CSV là phần trăm từ 0 đến 100 với 2 chữ số thập phân, đúng như trên "
	 "trang (ví dụ 86.39); trong Excel giữ giá trị chính xác, hiển thị dạng %; tệp JSON của "
	 "kỳ giữ 4 chữ số thập phân.", MB_U_PERCENT},
};

/* How each ratio is made from the count columns of its row (mb_rates
 * gives the same in words). */
static const struct {
	enum mb_dl_field num[2];
	int nnum;
	enum mb_dl_field den;
} rate_parts[MB_RATE_COUNT] = {
	[MB_RATE_ON_TIME] = {{MB_F_EARLY, MB_F_ON_TIME}, 2, MB_F_RESOLVED},
	[MB_RATE_ONLINE] = {{MB_F_RECV_ONLINE}, 1, MB_F_RECEIVED},
	[MB_RATE_ONLINE_PAYMENT] = {{MB_F_PAY_ONLINE}, 1, MB_F_PAY_TOTAL},
	[MB_RATE_DIGITIZED] = {{MB_F_DIGITIZED}, 1, MB_F_RECEIVED},
	[MB_RATE_SATISFACTION] = {{MB_F_SAT_SATISFIED}, 1, MB_F_SAT_RESPONSES},
};

/* The word of each unit, written in the long tables' don_vi_tinh, and what
 * it counts, for the dictionary.  Words, not codes: a journalist reads
 * them in a pivot table as they are; none may change once published. */
static const struct {
	const char *word, *meaning;
} unit_words[MB_U_COUNT] = {
	[MB_U_PERCENT] = {"%", "phần trăm (tỷ lệ điểm đạt, các tỷ lệ giải quyết hồ sơ), từ 0 đến "
	                       "100; riêng tỷ lệ số hóa có thể vượt 100"},
	[MB_U_PP] = {"điểm phần trăm", "thay đổi của một tỷ lệ so với kỳ trước hoặc cùng kỳ năm "
	                               "trước"},
	[MB_U_POINTS] = {"điểm", "điểm chấm của chỉ số, tiêu chí"},
	[MB_U_RANK] = {"hạng", "thứ hạng trong nhóm, 1 là cao nhất"},
	[MB_U_STEPS] = {"bậc", "số bậc thứ hạng thay đổi"},
	[MB_U_FILES] = {"hồ sơ", "số hồ sơ thủ tục hành chính"},
	[MB_U_PAYMENTS] = {"giao dịch", "số giao dịch thanh toán phí, lệ phí"},
	[MB_U_RESPONSES] = {"lượt", "số lượt đánh giá"},
	[MB_U_VND] = {"đồng", "số tiền, tính bằng đồng (VND)"},
	[MB_U_UNITS] = {"đơn vị", "số cơ quan, đơn vị"},
};

const char *mb_dl_unit_word(enum mb_dl_unit u)
{
	return u > MB_U_NONE && u < MB_U_COUNT ? unit_words[u].word : NULL;
}

bool mb_dl_is_figure(enum mb_dl_type t)
{
	switch (t) {
	case MB_DL_INT:
	case MB_DL_CHANGE:
	case MB_DL_POINTS:
	case MB_DL_PERCENT:
	case MB_DL_RATE:
	case MB_DL_MONEY:
	case MB_DL_PP: return true;
	default: return false;
	}
}

/* Excel refuses a table column name longer than 255 characters. */
#define TITLE_MAX 255

static void add_col(struct mb_dl_table *t, enum mb_dl_field f, int arg, enum mb_dl_type type,
                    const char *name, const char *title, const char *desc, enum mb_dl_unit unit)
{
	size_t cut = 0, chars = 0;
	while (title[cut] && chars < TITLE_MAX) {
		cut++;
		while (((unsigned char)title[cut] & 0xC0) == 0x80)
			cut++;
		chars++;
	}
	struct mb_dl_col c = {f, arg, type, mb_xstrdup(name), mb_xstrndup(title, cut),
	                      mb_xstrdup(desc), unit};
	MB_PUSH(t->cols, t->ncols, t->colcap, c);
}

static void add_std(struct mb_dl_table *t, enum mb_dl_field f)
{
	for (size_t i = 0; i < sizeof std_cols / sizeof std_cols[0]; i++)
		if (std_cols[i].field == f) {
			add_col(t, f, 0, std_cols[i].type, std_cols[i].name, std_cols[i].title,
			        std_cols[i].desc, std_cols[i].unit);
			return;
		}
	mb_die("dl_table: no column for field %d", (int)f);
}

static void table_init(struct mb_dl_table *t, const struct mb_dl_ctx *c,
                       enum mb_dl_table_kind kind, const char *name)
{
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->ctx = c;
	t->name = mb_xstrdup(name);
	t->period = t->index = t->group = -1;
	mb_dl_table_rewind(t);
}

void mb_dl_table_release(struct mb_dl_table *t)
{
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].title);
		free(t->cols[i].desc);
	}
	free(t->cols);
	free(t->name);
	memset(t, 0, sizeof *t);
}

void mb_dl_table_rewind(struct mb_dl_table *t)
{
	t->cp = t->cx = t->cg = t->ck = t->cc = 0;
	memset(&t->rec, 0, sizeof t->rec);
	t->rec.crit = -1;
}

int mb_dl_table_col(const struct mb_dl_table *t, enum mb_dl_field f)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].field == f)
			return (int)i;
	return -1;
}

int mb_dl_col_parts(const struct mb_dl_col *c, enum mb_dl_field num[2], enum mb_dl_field *den)
{
	if (c->field == MB_F_PERCENT) {
		num[0] = MB_F_TOTAL;
		*den = MB_F_MAX;
		return 1;
	}
	if (c->field != MB_F_RATE || c->arg < 0 || c->arg >= MB_RATE_COUNT)
		return 0;
	num[0] = rate_parts[c->arg].num[0];
	num[1] = rate_parts[c->arg].num[1];
	*den = rate_parts[c->arg].den;
	return rate_parts[c->arg].nnum;
}

static const char *index_label(const struct mb_index *ix)
{
	return ix->short_name && *ix->short_name ? ix->short_name : ix->name;
}

/* The criterion columns: value of every criterion (pre-order), then the rank
 * of every top-level area. */
static void add_criteria_cols(struct mb_dl_table *t, int index)
{
	const struct mb_index *ix = &t->ctx->m->indices[index];
	mb_buf name, desc;
	mb_buf_init(&name);
	mb_buf_init(&desc);
	for (size_t c = 0; c < ix->ncrit; c++) {
		const struct mb_criterion *cr = &ix->crit[c];
		mb_buf_reset(&desc);
		mb_buf_printf(&desc, "Điểm của %s «%s» (tối đa ", mb_index_level(ix, cr->depth),
		              cr->name);
		mb_put_vi_trim(&desc, cr->max, 4);
		mb_buf_puts(&desc, " điểm). Trống nếu không áp dụng với đơn vị hoặc "
		                   "không có số liệu.");
		add_col(t, MB_F_CRIT, (int)c, MB_DL_POINTS, cr->id,
		        t->ctx->crit_title[index][c], desc.data, MB_U_POINTS);
	}
	for (size_t k = 0; k < ix->ntop; k++) {
		const struct mb_criterion *cr = &ix->crit[ix->top[k]];
		mb_buf_reset(&name);
		mb_buf_printf(&name, "xep_hang_%s", cr->id);
		mb_buf_reset(&desc);
		mb_buf_printf(&desc, "Thứ hạng trong nhóm theo điểm %s «%s», giữa các đơn vị "
		                     "áp dụng %s này; trống nếu không áp dụng.",
		              mb_index_level(ix, 0), cr->name, mb_index_level(ix, 0));
		mb_buf t2;
		mb_buf_init(&t2);
		mb_buf_printf(&t2, "Hạng %s", t->ctx->crit_title[index][ix->top[k]]);
		add_col(t, MB_F_CRIT_RANK, (int)k, MB_DL_INT, name.data, t2.data, desc.data,
		        MB_U_RANK);
		mb_buf_release(&t2);
	}
	mb_buf_release(&name);
	mb_buf_release(&desc);
}

void mb_dl_table_ranking(struct mb_dl_table *t, const struct mb_dl_ctx *c, int period,
                         int index, int group)
{
	mb_buf name;
	mb_buf_init(&name);
	mb_buf_printf(&name, "Xếp hạng %s", index_label(&c->m->indices[index]));
	table_init(t, c, MB_DL_RANKING, name.data);
	mb_buf_release(&name);
	t->period = period;
	t->index = index;
	t->group = group;
	/* A group's own sheet leaves out what its sheet name already says and
	 * the ids, which only scripts joining CSVs need. */
	bool csv = group < 0;
	if (csv) {
		add_std(t, MB_F_PERIOD);
		add_std(t, MB_F_GROUP_ID);
		add_std(t, MB_F_GROUP);
	}
	add_std(t, MB_F_RANK);
	if (csv)
		add_std(t, MB_F_UNIT_ID);
	add_std(t, MB_F_UNIT);
	if (csv)
		add_std(t, MB_F_PARENT_ID);
	add_std(t, MB_F_PARENT);
	add_std(t, MB_F_PERCENT);
	add_std(t, MB_F_TOTAL);
	add_std(t, MB_F_MAX);
	add_std(t, MB_F_BAND);
	add_std(t, MB_F_PREV_PERIOD);
	add_std(t, MB_F_PREV_RANK);
	add_std(t, MB_F_CHANGE);
	add_criteria_cols(t, index);
}

/* The words of each comparison (MB_VS_*, the periods compare.c chose). */
static const struct {
	const char *period_name, *period_title, *period_desc;
	const char *suffix, *title, *desc;
} cmp_words[MB_VS_COUNT] = {
	[MB_VS_PREVIOUS] = {
		"ky_truoc", "Kỳ trước",
		"Kỳ cùng loại gần nhất trước kỳ này có số liệu giải quyết hồ sơ, mà các thay đổi "
		"so sánh với: thường là quý liền trước (quý IV năm trước với quý I), hoặc năm "
		"trước; trống nếu không có kỳ nào như vậy.",
		"so_ky_truoc", "so với kỳ trước", "kỳ trước (cột ky_truoc)"},
	[MB_VS_YEAR_AGO] = {
		"ky_cung_ky_nam_truoc", "Cùng kỳ năm trước",
		"Cùng quý của năm trước mà các thay đổi so sánh với; trống nếu kỳ đó không có số "
		"liệu giải quyết hồ sơ, hoặc với số liệu cả năm.",
		"so_cung_ky", "so với cùng kỳ năm trước",
		"cùng kỳ năm trước (cột ky_cung_ky_nam_truoc)"},
};

/* Each rate's change against the period before and the same quarter a
 * year earlier, in percentage points. */
static void add_change_cols(struct mb_dl_table *t, mb_buf *desc)
{
	mb_buf name, title;
	mb_buf_init(&name);
	mb_buf_init(&title);
	for (int k = 0; k < MB_VS_COUNT; k++)
		add_col(t, MB_F_CMP_PERIOD, k, MB_DL_TEXT, cmp_words[k].period_name,
		        cmp_words[k].period_title, cmp_words[k].period_desc, MB_U_NONE);
	for (int k = 0; k < MB_VS_COUNT; k++)
		for (int r = 0; r < MB_RATE_COUNT; r++) {
			const struct mb_rate_def *rd = &mb_rates[r];
			mb_buf_reset(&name);
			mb_buf_printf(&name, "%s_%s", rd->csv, cmp_words[k].suffix);
			mb_buf_reset(&title);
			mb_buf_printf(&title, "%s, %s (điểm %%)", rd->name, cmp_words[k].title);
			mb_buf_reset(desc);
			mb_buf_printf(desc, "Thay đổi của %s so với %s, tính bằng điểm phần trăm: "
			              "tỷ lệ kỳ này trừ tỷ lệ kỳ đó, tính chính xác rồi làm tròn một "
			              "lần đến 2 chữ số thập phân (0.52 là tăng 0,52 điểm phần trăm, âm "
			              "là giảm). Trống khi một trong hai kỳ không có tỷ lệ này.",
			              rd->name, cmp_words[k].desc);
			add_col(t, MB_F_RATE_CHANGE, k * MB_RATE_COUNT + r, MB_DL_PP, name.data,
			        title.data, desc->data, MB_U_PP);
		}
	mb_buf_release(&name);
	mb_buf_release(&title);
}

static void add_service_cols(struct mb_dl_table *t)
{
	static const enum mb_dl_field counts[] = {
		MB_F_CARRIED, MB_F_RECEIVED, MB_F_RECV_ONLINE, MB_F_RECV_DIRECT,
		MB_F_RECV_POSTAL, MB_F_RESOLVED, MB_F_EARLY, MB_F_ON_TIME, MB_F_LATE,
		MB_F_PENDING, MB_F_PEND_IN_TIME, MB_F_OVERDUE, MB_F_WITHDRAWN,
		MB_F_PAY_ONLINE, MB_F_PAY_TOTAL, MB_F_PAY_AMOUNT, MB_F_DIGITIZED,
		MB_F_SAT_RESPONSES, MB_F_SAT_SATISFIED, MB_F_BALANCE,
	};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		add_std(t, counts[i]);
	const struct mb_targets *tg = &t->ctx->m->site.targets;
	mb_buf desc;
	mb_buf_init(&desc);
	for (int r = 0; r < MB_RATE_COUNT; r++) {
		const struct mb_rate_def *rd = &mb_rates[r];
		mb_buf_reset(&desc);
		mb_buf_printf(&desc, "%s. Trong CSV là phần trăm, làm tròn 2 chữ số thập phân "
		                     "đúng như trên trang (ví dụ 95.57); trong Excel là công thức "
		                     "trên các cột số liệu cùng dòng, hiển thị dạng %%. Trống khi "
		                     "không có số liệu (mẫu số bằng 0).",
		              rd->formula);
		add_col(t, MB_F_RATE, r, MB_DL_RATE, rd->csv, rd->name, desc.data, MB_U_PERCENT);
		mb_buf_reset(&desc);
		if (tg->rate[r] >= 0) {
			mb_buf_printf(&desc, "«Đạt» nếu %s đạt chỉ tiêu ", rd->name);
			/* Targets are millionths of one, i.e. percent with 4 decimals. */
			mb_put_vi_trim(&desc, tg->rate[r], 4);
			mb_buf_puts(&desc, "%, «Chưa đạt» nếu thấp hơn; trống khi không có "
			                   "số liệu.");
		} else {
			mb_buf_printf(&desc, "So sánh %s với chỉ tiêu; trống vì chưa đặt "
			                     "chỉ tiêu hoặc không có số liệu.",
			              rd->name);
		}
		add_col(t, MB_F_MET, r, MB_DL_MET, rd->met_csv, rd->met_title, desc.data,
		        MB_U_NONE);
	}
	add_change_cols(t, &desc);
	mb_buf_release(&desc);
}

void mb_dl_table_services(struct mb_dl_table *t, const struct mb_dl_ctx *c, int period,
                          bool sheet)
{
	table_init(t, c, MB_DL_SERVICES,
	           period < 0 ? "Tất cả các kỳ: dịch vụ công" : "Dịch vụ công");
	t->period = period;
	/* A period's own sheet leaves out the period and the ids. */
	if (!sheet)
		add_std(t, MB_F_PERIOD);
	if (period < 0)
		add_std(t, MB_F_PERIOD_LABEL);
	if (!sheet)
		add_std(t, MB_F_GROUP_ID);
	add_std(t, MB_F_GROUP);
	if (!sheet)
		add_std(t, MB_F_UNIT_ID);
	add_std(t, MB_F_UNIT);
	add_std(t, MB_F_PARENT);
	add_service_cols(t);
}

void mb_dl_table_scores_long(struct mb_dl_table *t, const struct mb_dl_ctx *c)
{
	table_init(t, c, MB_DL_SCORES_LONG, "Tất cả các kỳ: xếp hạng");
	static const enum mb_dl_field f[] = {
		MB_F_PERIOD, MB_F_PERIOD_LABEL, MB_F_INDEX, MB_F_INDEX_NAME, MB_F_GROUP_ID,
		MB_F_GROUP, MB_F_UNIT_ID, MB_F_UNIT, MB_F_PARENT, MB_F_RANK, MB_F_PERCENT,
		MB_F_TOTAL, MB_F_MAX, MB_F_BAND, MB_F_PREV_PERIOD, MB_F_PREV_RANK, MB_F_CHANGE,
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		add_std(t, f[i]);
}

/* The units of the figures of a table, a bit each, added to *mask. */
static void units_of(const struct mb_dl_table *t, int *mask)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (mb_dl_is_figure(t->cols[i].type) && t->cols[i].unit != MB_U_NONE)
			*mask |= 1 << t->cols[i].unit;
}

/* don_vi_tinh: its description lists the words the long table can hold,
 * those of the figures of the rankings and service tables it is made from. */
static void add_long_unit(struct mb_dl_table *t, const struct mb_dl_ctx *c)
{
	int mask = 0;
	struct mb_dl_table x;
	for (size_t i = 0; i < c->m->nindices; i++) {
		mb_dl_table_ranking(&x, c, -1, (int)i, -1);
		units_of(&x, &mask);
		mb_dl_table_release(&x);
	}
	mb_dl_table_services(&x, c, -1, false);
	units_of(&x, &mask);
	mb_dl_table_release(&x);
	mb_buf desc;
	mb_buf_init(&desc);
	mb_buf_puts(&desc, "Đơn vị tính của gia_tri, theo chỉ tiêu (mọi dòng của cùng một chỉ tiêu "
	                   "có cùng đơn vị tính):");
	const char *sep = " ";
	for (int u = MB_U_NONE + 1; u < MB_U_COUNT; u++)
		if (mask & (1 << u)) {
			mb_buf_printf(&desc, "%s«%s»: %s", sep, unit_words[u].word,
			              unit_words[u].meaning);
			sep = "; ";
		}
	mb_buf_puts(&desc, ".");
	add_col(t, MB_F_LONG_UNIT, mask, MB_DL_TEXT, "don_vi_tinh", "Đơn vị tính", desc.data,
	        MB_U_NONE);
	mb_buf_release(&desc);
}

void mb_dl_table_long(struct mb_dl_table *t, const struct mb_dl_ctx *c)
{
	table_init(t, c, MB_DL_LONG, "Tất cả số liệu, mỗi dòng một số liệu");
	add_std(t, MB_F_PERIOD);
	add_std(t, MB_F_UNIT_ID);
	add_std(t, MB_F_GROUP_ID);
	add_std(t, MB_F_LONG_SOURCE);
	add_std(t, MB_F_LONG_MEASURE);
	add_std(t, MB_F_LONG_VALUE);
	add_long_unit(t, c);
}

void mb_dl_table_units(struct mb_dl_table *t, const struct mb_dl_ctx *c)
{
	table_init(t, c, MB_DL_UNITS, "Danh sách đơn vị");
	static const enum mb_dl_field f[] = {
		MB_F_UNIT_ID, MB_F_UNIT, MB_F_GROUP_ID, MB_F_GROUP, MB_F_PARENT_ID,
		MB_F_FROM, MB_F_UNTIL, MB_F_SUCCESSORS,
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		add_std(t, f[i]);
}

void mb_dl_table_service_totals(struct mb_dl_table *t, const struct mb_dl_ctx *c, int period,
                                bool sheet)
{
	table_init(t, c, MB_DL_SERVICE_TOTALS, "Dịch vụ công: tổng hợp");
	t->period = period;
	if (!sheet)
		add_std(t, MB_F_PERIOD);
	add_std(t, MB_F_SCOPE);
	if (!sheet)
		add_std(t, MB_F_GROUP_ID);
	add_std(t, MB_F_GROUP);
	add_std(t, MB_F_UNITS);
	add_std(t, MB_F_DIGITIZED_BASE);
	add_service_cols(t);
}

void mb_dl_table_means(struct mb_dl_table *t, const struct mb_dl_ctx *c, int period, int index,
                       bool sheet)
{
	const struct mb_index *ix = &c->m->indices[index];
	mb_buf name, desc;
	mb_buf_init(&name);
	mb_buf_init(&desc);
	mb_buf_printf(&name, "Trung bình nhóm %s", index_label(ix));
	table_init(t, c, MB_DL_MEANS, name.data);
	t->period = period;
	t->index = index;
	if (!sheet) {
		add_std(t, MB_F_PERIOD);
		add_std(t, MB_F_GROUP_ID);
	}
	add_std(t, MB_F_GROUP);
	add_std(t, MB_F_UNITS);
	add_std(t, MB_F_MEAN_PCT);
	for (size_t k = 0; k < ix->ntop; k++) {
		const struct mb_criterion *cr = &ix->crit[ix->top[k]];
		mb_buf_reset(&name);
		mb_buf_printf(&name, "trung_binh_%s", cr->id);
		mb_buf_reset(&desc);
		mb_buf_printf(&desc, "Điểm trung bình của lĩnh vực «%s» (tối đa ", cr->name);
		mb_put_vi_trim(&desc, cr->max, 4);
		mb_buf_puts(&desc, " điểm) giữa các đơn vị trong nhóm được chấm lĩnh vực này, tính "
		                   "chính xác rồi làm tròn một lần: trong CSV 2 chữ số thập phân, "
		                   "đúng như trên trang; trong Excel giá trị chính xác, hiển thị 2 "
		                   "chữ số thập phân. Trống nếu không đơn vị nào được chấm.");
		mb_buf t2;
		mb_buf_init(&t2);
		mb_buf_printf(&t2, "Trung bình %s", c->crit_title[index][ix->top[k]]);
		add_col(t, MB_F_MEAN_AREA, (int)k, MB_DL_MEAN_PTS, name.data, t2.data, desc.data,
		        MB_U_POINTS);
		mb_buf_release(&t2);
	}
	mb_buf_release(&name);
	mb_buf_release(&desc);
}

void mb_dl_table_criteria_long(struct mb_dl_table *t, const struct mb_dl_ctx *c, bool areas_only)
{
	table_init(t, c, MB_DL_CRITERIA_LONG,
	           areas_only ? "Tất cả các kỳ: lĩnh vực" : "Tất cả các kỳ: tiêu chí");
	t->areas_only = areas_only;
	static const enum mb_dl_field f[] = {
		MB_F_PERIOD, MB_F_INDEX, MB_F_GROUP, MB_F_UNIT_ID, MB_F_UNIT,
		MB_F_CRIT_ID, MB_F_CRIT_NAME, MB_F_CRIT_LEVEL, MB_F_CRIT_AREA,
		MB_F_CRIT_VALUE, MB_F_CRIT_MAX, MB_F_CRIT_AREA_RANK,
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		add_std(t, f[i]);
}

/* Advances to the next ranked score allowed by the filters, in period, index,
 * group and rank order.  The loop counters reset the inner ones as they step,
 * so the state resumes exactly where the last call stopped. */
static bool next_score(struct mb_dl_table *t)
{
	const struct mb_model *m = t->ctx->m;
	for (; t->cp < m->nperiods; t->cp++, t->cx = 0) {
		if (t->period >= 0 && (int)t->cp != t->period)
			continue;
		const struct mb_period *per = &m->periods[t->cp];
		for (; t->cx < m->nindices; t->cx++, t->cg = 0) {
			if (t->index >= 0 && (int)t->cx != t->index)
				continue;
			const struct mb_scoreset *ss = per->scores ? per->scores[t->cx] : NULL;
			if (!ss)
				continue;
			for (; t->cg < m->ngroups; t->cg++, t->ck = 0) {
				if (t->group >= 0 && (int)t->cg != t->group)
					continue;
				if (!ss->ranked || t->ck >= ss->nranked[t->cg])
					continue;
				t->rec.period = (int)t->cp;
				t->rec.index = (int)t->cx;
				t->rec.group = (int)t->cg;
				t->rec.score = &ss->rows[ss->ranked[t->cg][t->ck++]];
				return true;
			}
		}
	}
	t->rec.score = NULL;
	return false;
}

static bool next_criterion(struct mb_dl_table *t)
{
	const struct mb_model *m = t->ctx->m;
	for (;;) {
		if (t->rec.score) {
			const struct mb_index *ix = &m->indices[t->rec.index];
			while (t->cc < ix->ncrit) {
				size_t c = t->cc++;
				if (t->areas_only && ix->crit[c].depth > 0)
					continue;
				if (t->rec.score->crit[c].state == MB_VAL_SET) {
					t->rec.crit = (int)c;
					return true;
				}
			}
		}
		if (!next_score(t))
			return false;
		t->cc = 0;
	}
}

static bool next_service(struct mb_dl_table *t)
{
	const struct mb_model *m = t->ctx->m;
	for (; t->cp < m->nperiods; t->cp++, t->ck = 0) {
		if (t->period >= 0 && (int)t->cp != t->period)
			continue;
		const struct mb_serviceset *sv = m->periods[t->cp].services;
		if (!sv || t->ck >= sv->nrows)
			continue;
		t->rec.period = (int)t->cp;
		t->rec.service = &sv->rows[t->ck++];
		t->rec.group = m->units[t->rec.service->unit].group;
		return true;
	}
	return false;
}

/* Each group with service figures, then the province: cg == ngroups. */
static bool next_total(struct mb_dl_table *t)
{
	const struct mb_model *m = t->ctx->m;
	const struct mb_serviceset *sv = m->periods[t->period].services;
	if (!sv)
		return false;
	for (; t->cg <= m->ngroups; t->cg++) {
		if (t->cg < m->ngroups && !sv->tally[t->cg][0].units)
			continue;
		t->rec.period = t->period;
		t->rec.group = t->cg < m->ngroups ? (int)t->cg : -1;
		t->rec.service = t->cg < m->ngroups ? &sv->group_total[t->cg] : &sv->total;
		t->cg++;
		return true;
	}
	return false;
}

static bool next_mean(struct mb_dl_table *t)
{
	const struct mb_model *m = t->ctx->m;
	const struct mb_scoreset *ss = m->periods[t->period].scores[t->index];
	for (; ss && t->cg < m->ngroups; t->cg++) {
		if (!ss->nranked[t->cg])
			continue;
		t->rec.period = t->period;
		t->rec.index = t->index;
		t->rec.group = (int)t->cg++;
		return true;
	}
	return false;
}

static void set_str(struct mb_dl_cell *c, const char *s)
{
	c->kind = s ? MB_DL_STR : MB_DL_EMPTY;
	c->s = s;
}

static void set_num(struct mb_dl_cell *c, int64_t n)
{
	c->kind = MB_DL_NUM;
	c->n = n;
}

/* A ratio: the percentage pages show, and the exact value; empty without data. */
static void set_ratio(struct mb_dl_cell *c, const struct mb_ratio *r)
{
	if (!r->valid)
		return;
	set_num(c, r->pct2);
	c->num = r->num;
	c->den = r->den;
}

static void service_cell(const struct mb_service *s, const struct mb_dl_col *col,
                         struct mb_dl_cell *c)
{
	switch (col->field) {
	case MB_F_CARRIED: set_num(c, s->carried_over); break;
	case MB_F_RECEIVED: set_num(c, s->received); break;
	case MB_F_RECV_ONLINE: set_num(c, s->recv_online); break;
	case MB_F_RECV_DIRECT: set_num(c, s->recv_direct); break;
	case MB_F_RECV_POSTAL: set_num(c, s->recv_postal); break;
	case MB_F_RESOLVED: set_num(c, s->resolved); break;
	case MB_F_EARLY: set_num(c, s->early); break;
	case MB_F_ON_TIME: set_num(c, s->on_time); break;
	case MB_F_LATE: set_num(c, s->late); break;
	case MB_F_PENDING: set_num(c, s->pending); break;
	case MB_F_PEND_IN_TIME: set_num(c, s->pend_in_time); break;
	case MB_F_OVERDUE: set_num(c, s->pend_overdue); break;
	case MB_F_BALANCE: set_num(c, s->balance_difference); break;
	case MB_F_WITHDRAWN:
		if (s->has_withdrawn)
			set_num(c, s->withdrawn);
		break;
	case MB_F_PAY_ONLINE:
		if (s->has_payments)
			set_num(c, s->pay_online);
		break;
	case MB_F_PAY_TOTAL:
		if (s->has_payments)
			set_num(c, s->pay_total);
		break;
	case MB_F_PAY_AMOUNT:
		if (s->has_payments)
			set_num(c, s->pay_amount_vnd);
		break;
	case MB_F_DIGITIZED:
		if (s->has_digitized)
			set_num(c, s->digitized);
		break;
	case MB_F_SAT_RESPONSES:
		if (s->has_satisfaction)
			set_num(c, s->sat_responses);
		break;
	case MB_F_SAT_SATISFIED:
		if (s->has_satisfaction)
			set_num(c, s->sat_satisfied);
		break;
	case MB_F_RATE: set_ratio(c, &s->rate[col->arg]); break;
	case MB_F_RATE_CHANGE: {
		const struct mb_change *d = &s->change[col->arg / MB_RATE_COUNT][col->arg % MB_RATE_COUNT];
		if (d->valid)
			set_num(c, d->d2);
		break;
	}
	case MB_F_DIGITIZED_BASE:
		if (s->has_digitized)
			set_num(c, s->digitized_base);
		break;
	case MB_F_MET:
		if (s->met[col->arg] == 1)
			set_str(c, "Đạt");
		else if (s->met[col->arg] == 0)
			set_str(c, "Chưa đạt");
		break;
	default: break;
	}
}

static int top_pos(const struct mb_index *ix, int crit)
{
	for (size_t k = 0; k < ix->ntop; k++)
		if (ix->top[k] == crit)
			return (int)k;
	return -1;
}

static void score_cell(const struct mb_dl_table *t, const struct mb_dl_col *col,
                       struct mb_dl_cell *c)
{
	const struct mb_model *m = t->ctx->m;
	const struct mb_score *s = t->rec.score;
	const struct mb_index *ix = &m->indices[t->rec.index];
	const struct mb_criterion *cr = t->rec.crit >= 0 ? &ix->crit[t->rec.crit] : NULL;
	switch (col->field) {
	case MB_F_RANK: set_num(c, s->rank); break;
	case MB_F_PERCENT: set_ratio(c, &s->percent); break;
	case MB_F_TOTAL: set_num(c, s->total); break;
	case MB_F_MAX: set_num(c, s->max); break;
	case MB_F_BAND:
		if (s->band >= 0 && (size_t)s->band < ix->nbands)
			set_str(c, ix->bands[s->band].name);
		break;
	case MB_F_PREV_PERIOD:
		if (s->prev_period >= 0)
			set_str(c, m->periods[s->prev_period].id);
		break;
	case MB_F_PREV_RANK:
		if (s->prev_rank > 0)
			set_num(c, s->prev_rank);
		break;
	case MB_F_CHANGE:
		if (s->prev_rank > 0)
			set_num(c, s->rank_change);
		break;
	case MB_F_CRIT:
		if (s->crit[col->arg].state == MB_VAL_SET)
			set_num(c, s->crit[col->arg].v);
		break;
	case MB_F_CRIT_RANK:
		if (s->crit_rank && s->crit_rank[col->arg] > 0)
			set_num(c, s->crit_rank[col->arg]);
		break;
	case MB_F_CRIT_ID: set_str(c, cr->id); break;
	case MB_F_CRIT_NAME: set_str(c, t->ctx->crit_title[t->rec.index][t->rec.crit]); break;
	case MB_F_CRIT_LEVEL: set_num(c, cr->depth + 1); break;
	case MB_F_CRIT_AREA: set_str(c, t->ctx->crit_title[t->rec.index][cr->top]); break;
	case MB_F_CRIT_VALUE: set_num(c, s->crit[t->rec.crit].v); break;
	case MB_F_CRIT_MAX: set_num(c, cr->max); break;
	case MB_F_CRIT_AREA_RANK: {
		int k = cr->depth == 0 ? top_pos(ix, t->rec.crit) : -1;
		if (k >= 0 && s->crit_rank && s->crit_rank[k] > 0)
			set_num(c, s->crit_rank[k]);
		break;
	}
	default: break;
	}
}

/* Fills one cell from the current record. */
static void fill_cell(const struct mb_dl_table *t, const struct mb_dl_col *col,
                      struct mb_dl_cell *c)
{
	const struct mb_model *m = t->ctx->m;
	const struct mb_dl_rec *r = &t->rec;
	int unit = r->score ? r->score->unit : r->service ? r->service->unit : -1;
	const struct mb_unit *u = unit >= 0 ? &m->units[unit] : NULL;
	memset(c, 0, sizeof *c);
	switch (col->field) {
	case MB_F_PERIOD: set_str(c, m->periods[r->period].id); return;
	case MB_F_PERIOD_LABEL: set_str(c, m->periods[r->period].label); return;
	case MB_F_INDEX: set_str(c, m->indices[r->index].id); return;
	case MB_F_INDEX_NAME: set_str(c, index_label(&m->indices[r->index])); return;
	case MB_F_GROUP_ID:
		if (r->group >= 0)
			set_str(c, m->groups[r->group].id);
		return;
	case MB_F_GROUP:
		set_str(c, r->group >= 0 ? m->groups[r->group].name : "Tất cả cơ quan, đơn vị");
		return;
	case MB_F_SCOPE: set_str(c, r->group >= 0 ? "Nhóm" : "Tổng cộng"); return;
	case MB_F_CMP_PERIOD: {
		const struct mb_serviceset *sv = m->periods[r->period].services;
		int o = sv ? sv->vs[col->arg] : -1;
		if (o >= 0)
			set_str(c, m->periods[o].id);
		return;
	}
	case MB_F_UNITS:
		if (t->kind == MB_DL_MEANS) {
			set_num(c, m->periods[r->period].scores[r->index]->means[r->group].percent.n);
		} else {
			const struct mb_serviceset *sv = m->periods[r->period].services;
			set_num(c, r->group >= 0 ? sv->tally[r->group][0].units : sv->all[0].units);
		}
		return;
	case MB_F_MEAN_PCT:
	case MB_F_MEAN_AREA: {
		const struct mb_group_means *gm =
			&m->periods[r->period].scores[r->index]->means[r->group];
		const struct mb_mean *mn = col->field == MB_F_MEAN_PCT ? &gm->percent : &gm->crit[col->arg];
		if (mn->n > 0) {
			set_num(c, mn->r2);
			c->mean = mn;
		}
		return;
	}
	case MB_F_UNIT_ID:
		if (u)
			set_str(c, u->id);
		return;
	case MB_F_UNIT:
		if (u)
			set_str(c, u->name);
		return;
	case MB_F_PARENT_ID:
		if (u && u->parent >= 0)
			set_str(c, m->units[u->parent].id);
		return;
	case MB_F_PARENT:
		if (u && u->parent >= 0)
			set_str(c, m->units[u->parent].name);
		return;
	default: break;
	}
	if (r->service)
		service_cell(r->service, col, c);
	else if (r->score)
		score_cell(t, col, c);
}

bool mb_dl_table_next(struct mb_dl_table *t, struct mb_dl_cell *cells)
{
	bool ok;
	switch (t->kind) {
	case MB_DL_RANKING:
	case MB_DL_SCORES_LONG: ok = next_score(t); break;
	case MB_DL_CRITERIA_LONG: ok = next_criterion(t); break;
	case MB_DL_SERVICE_TOTALS: ok = next_total(t); break;
	case MB_DL_MEANS: ok = next_mean(t); break;
	case MB_DL_LONG:
	case MB_DL_UNITS: ok = false; break;
	default: ok = next_service(t); break;
	}
	if (!ok)
		return false;
	for (size_t i = 0; i < t->ncols; i++)
		fill_cell(t, &t->cols[i], &cells[i]);
	return true;
}

void mb_dl_table_cells(const struct mb_dl_table *t, const struct mb_dl_rec *rec,
                       struct mb_dl_cell *cells)
{
	struct mb_dl_table tmp = *t;
	tmp.rec = *rec;
	for (size_t i = 0; i < t->ncols; i++)
		fill_cell(&tmp, &t->cols[i], &cells[i]);
}

const char *mb_dl_type_vi(enum mb_dl_type t)
{
	switch (t) {
	case MB_DL_TEXT: return "chuỗi";
	case MB_DL_INT: return "số nguyên";
	case MB_DL_CHANGE: return "số nguyên có dấu";
	case MB_DL_POINTS: return "số thập phân (điểm)";
	case MB_DL_PERCENT: return "phần trăm";
	case MB_DL_RATE: return "tỷ lệ (phần trăm)";
	case MB_DL_MET: return "Đạt / Chưa đạt";
	case MB_DL_MONEY: return "số nguyên (đồng)";
	case MB_DL_PP: return "điểm phần trăm (có dấu)";
	case MB_DL_MEAN_PCT: return "phần trăm (trung bình)";
	case MB_DL_MEAN_PTS: return "số thập phân (điểm trung bình)";
	case MB_DL_NUMBER: return "số";
	}
	return "chuỗi";
}

const char *mb_dl_type_schema(enum mb_dl_type t)
{
	switch (t) {
	case MB_DL_INT:
	case MB_DL_CHANGE:
	case MB_DL_MONEY: return "integer";
	case MB_DL_POINTS:
	case MB_DL_PERCENT:
	case MB_DL_RATE:
	case MB_DL_PP:
	case MB_DL_MEAN_PCT:
	case MB_DL_MEAN_PTS:
	case MB_DL_NUMBER: return "number";
	default: return "string";
	}
}

void mb_dl_dict_add(struct mb_downloads *d, const struct mb_dl_table *t)
{
	for (size_t i = 0; i < d->ndict; i++)
		if (strcmp(d->dict[i].table, t->name) == 0)
			return;
	for (size_t i = 0; i < t->ncols; i++) {
		struct mb_dict_entry e = {
			mb_xstrdup(t->name), mb_xstrdup(t->cols[i].name),
			mb_xstrdup(mb_dl_type_vi(t->cols[i].type)), mb_xstrdup(t->cols[i].desc),
		};
		MB_PUSH(d->dict, d->ndict, d->dictcap, e);
	}
}

size_t mb_dl_criterion_values(const struct mb_model *m)
{
	size_t n = 0;
	for (size_t p = 0; p < m->nperiods; p++)
		for (size_t x = 0; m->periods[p].scores && x < m->nindices; x++) {
			const struct mb_scoreset *ss = m->periods[p].scores[x];
			for (size_t r = 0; ss && r < ss->nrows; r++)
				for (size_t c = 0; c < m->indices[x].ncrit; c++)
					n += ss->rows[r].crit[c].state == MB_VAL_SET;
		}
	return n;
}
