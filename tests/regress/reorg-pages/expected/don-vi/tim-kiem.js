/* Danh sách đơn vị cho ô tìm kiếm. */
window.mbUnits = [
["so-ke-hoach-va-dau-tu","Sở Kế hoạch và Đầu tư","Sở, ban, ngành","",1],
["so-noi-vu","Sở Nội vụ","Sở, ban, ngành","",0],
["so-tai-chinh","Sở Tài chính","Sở, ban, ngành","",0],
["so-tu-phap","Sở Tư pháp","Sở, ban, ngành","",0],
["huyen-dong-an","UBND huyện Đông An","UBND cấp huyện","",1],
["huyen-tay-an","UBND huyện Tây An","UBND cấp huyện","",1],
["xa-an-loc","UBND xã An Lộc","UBND cấp xã","UBND huyện Đông An",1],
["xa-an-phu","UBND xã An Phú","UBND cấp xã","UBND huyện Đông An",1],
["xa-an-phu-2025","UBND xã An Phú","UBND cấp xã","",0],
["phuong-binh-hoa","UBND phường Bình Hòa","UBND cấp xã","",0],
["xa-binh-hoa","UBND xã Bình Hòa","UBND cấp xã","UBND huyện Đông An",1],
["xa-binh-minh","UBND xã Bình Minh","UBND cấp xã","UBND huyện Đông An",1],
["xa-tan-an","UBND xã Tân An","UBND cấp xã","",0],
["xa-tan-hung","UBND xã Tân Hưng","UBND cấp xã","UBND huyện Tây An",1],
["xa-tan-thanh","UBND xã Tân Thạnh","UBND cấp xã","UBND huyện Tây An",1]
];
