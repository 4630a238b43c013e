/* Danh sách đơn vị cho ô tìm kiếm. */
window.mbUnits = [
["ban-dan-toc","Ban Dân tộc","Sở, ban, ngành","",0],
["so-noi-vu","Sở Nội vụ","Sở, ban, ngành","",0],
["so-tu-phap","Sở Tư pháp","Sở, ban, ngành","",0],
["huyen-an-lac","UBND huyện An Lạc","UBND cấp huyện","",0],
["tp-dong-hoa","UBND thành phố Đông Hòa","UBND cấp huyện","",0],
["xa-an-binh","UBND xã An Bình","UBND cấp xã","UBND huyện An Lạc",0],
["phuong-dinh-hoa","UBND phường Định Hòa","UBND cấp xã","UBND thành phố Đông Hòa",0],
["thi-tran-lai-uyen","UBND thị trấn Lai Uyên","UBND cấp xã","UBND huyện An Lạc",0]
];
