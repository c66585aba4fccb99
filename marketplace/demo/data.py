"""The headline of the demo: real OCOP products and producers of Thái Nguyên (OCOP.md).

Names, products, communes and star levels come from public press texts. Street
(xóm, thôn) lines, phone numbers, prices and stock are illustrative.

The statistics reproduce the 01/2024 snapshot (149 ★★★, 89 ★★★★, 2 ★★★★★), so only
the two teas of HTX chè Hảo Đạt carry a current 5★ certificate. Products that reached
5★ later keep a current 4★ certificate here; the dates of their real 5★ decisions are
noted beside them.
"""
from __future__ import annotations

from ..shops.models import ProducerKind
from .legacy import find
from .specs import ProducerSpec, ProductSpec
from .kinds import ALCOHOL, COLD, DRY, TEA_STORE

COOP, FIRM, HOUSE = ProducerKind.COOPERATIVE, ProducerKind.ENTERPRISE, ProducerKind.HOUSEHOLD
TEA_SHELF = "12 tháng kể từ ngày sản xuất"

# (name, kind, (old ward, old district), street, specialty, brand, story)
PRODUCERS = [
    ("HTX chè Hảo Đạt", COOP, ("Tân Cương", "Thái Nguyên"), "Xóm Hồng Thái 2", "tea", "Hảo Đạt",
     "HTX chè Hảo Đạt ở xã Tân Cương, vùng \"đệ nhất danh trà\" của Thái Nguyên. Người sáng lập "
     "đặt tên mình cho thương hiệu và dành cả tuổi trẻ cho cây chè. HTX có vùng chè VietGAP "
     "khoảng 10 ha, mỗi năm thu hơn trăm tấn búp tươi, sao sấy kết hợp thủ công và máy hiện đại. "
     "Không gian thưởng trà của HTX luôn mở cửa mời khách uống trà miễn phí."),
    ("HTX miến Việt Cường", COOP, ("Hóa Thượng", "Đồng Hỷ"), "Xóm Việt Cường", "mien",
     "Việt Cường",
     "Làng nghề miến dong Việt Cường nằm bên bờ sông Cầu. HTX gom dong riềng của bà con, lọc "
     "tinh bột bằng nước sạch, tráng bánh và phơi miến trên những giàn tre dọc xóm. Sợi miến "
     "không dùng chất tẩy trắng, nấu dai, không nát; sản phẩm đã đi khắp cả nước."),
    ("Công ty TNHH Công nghệ sinh học Phú Gia", FIRM, ("Hùng Sơn", "Đại Từ"), "Tổ dân phố Sơn Tập",
     "lam_san", "Phú Gia",
     "Phú Gia nuôi trồng nấm hương trên giá thể mùn cưa trong nhà màng, theo quy trình công "
     "nghệ sinh học khép kín từ giống đến sấy. Công ty liên kết với các hộ nông dân Đại Từ, bao "
     "tiêu phôi nấm và tạo việc làm cho lao động địa phương."),
    ("HTX Nông sản Phú Lương", COOP, ("Hợp Thành", "Phú Lương"), "Xóm Hợp Thành", "tea",
     "Hương Quê",
     "HTX Nông sản Phú Lương làm nông nghiệp khép kín: xưởng phân bón hữu cơ ủ từ phụ phẩm "
     "nông nghiệp trong vùng, vùng chè được bón hữu cơ và hái tay từng búp. Thương hiệu trà "
     "\"Hương Quê\" của HTX được nhiều người yêu trà tìm mua."),
    ("HTX chè sạch Đạt Phát", COOP, ("Vô Tranh", "Phú Lương"), "Xóm Đồng Tâm", "tea", "Đạt Phát",
     "HTX chè sạch Đạt Phát quy tụ các hộ trồng chè ở Vô Tranh, chân núi Cột Cờ. Chè được chăm "
     "sóc theo hướng hữu cơ, không dùng thuốc diệt cỏ; trà đinh là sản phẩm quý nhất của HTX."),
    ("HTX trà Sơn Dung", COOP, ("Tân Cương", "Thái Nguyên"), "Xóm Hồng Thái 1", "tea",
     "Sơn Dung",
     "HTX trà Sơn Dung đi lên từ cơ sở chè gia đình của vợ chồng ông Sơn, bà Dung ở Tân Cương. "
     "Cả đại gia đình cùng hái, sao và ướp trà; không gian trưng bày của HTX mang đậm văn hóa "
     "trà Thái Nguyên. Các dòng trà ướp hoa sen, hoa nhài là nét riêng của thương hiệu."),
    ("HTX chè Công Tâm Minh Đức", COOP, ("Minh Đức", "Phổ Yên"), "Xóm Thanh Xuyên", "tea",
     "Minh Đức",
     "HTX chè Công Tâm Minh Đức liên kết các hộ trồng chè ở Minh Đức, Phổ Yên. Búp chè được "
     "hái một tôm một lá, vò kỹ và sao hai lửa cho cánh trà nhỏ, xoăn như móc câu."),
    ("HTX chè Nguyên Việt", COOP, ("Minh Lập", "Đồng Hỷ"), "Xóm Thống Nhất", "tea", "Nguyên Việt",
     "HTX chè Nguyên Việt ở Minh Lập, Đồng Hỷ, vùng chè nổi tiếng bên dòng sông Cầu. HTX đưa "
     "chè xanh vào túi lọc để người trẻ, dân văn phòng dễ dùng trà Thái Nguyên hằng ngày."),
    ("HTX trà Minh Đeng", COOP, ("Minh Lập", "Đồng Hỷ"), "Xóm Trại Cài", "tea", "Trại Cài",
     "HTX trà Minh Đeng ở xóm Trại Cài, xã Minh Lập. Các thành viên chăm sóc những nương chè "
     "lâu năm trên đồi thấp ven sông Cầu, chỉ hái phần nõn non để làm nõn chè xanh."),
    ("HTX nuôi ong Phúc Thành", COOP, ("Hóa Trung", "Đồng Hỷ"), "Xóm Hóa Trung", "mat_ong",
     "Phúc Thành",
     "HTX nuôi ong Phúc Thành đặt đàn ong theo mùa hoa ở các cánh rừng Đồng Hỷ, Võ Nhai. Mật "
     "chỉ quay khi đủ già, lọc và đóng chai tại HTX, không pha trộn."),
    ("HTX nông lâm sản MTQ", COOP, ("Trại Cau", "Đồng Hỷ"), "Tổ dân phố 3", "lam_san", "MTQ",
     "HTX nông lâm sản MTQ thu mua măng lục trúc của bà con vùng đồi Trại Cau, luộc và phơi sấy "
     "tại xưởng để có măng khô giòn, ngọt, giữ được màu vàng tự nhiên."),
    ("HTX chế biến nông sản ATK Định Hóa", COOP, ("Chợ Chu", "Định Hóa"), "Tổ dân phố Hợp Thành",
     "gao", "ATK",
     "HTX chế biến nông sản ATK Định Hóa làm bún ngũ sắc từ gạo Bao Thai và màu của lá cẩm, gấc, "
     "lá dứa, nghệ; cơm cháy làm từ nếp Thầu Dầu, giống nếp cổ của người Tày Định Hóa."),
    ("HTX Tài Hoan", COOP, ("Côn Minh", "Na Rì"), "Thôn Nà Đon", "mien", "Tài Hoan",
     "HTX Tài Hoan ở xã Côn Minh, vùng trồng dong riềng lớn của Bắc Kạn cũ. HTX bao tiêu dong "
     "cho bà con, chế biến miến dong thủ công kết hợp dây chuyền khép kín, phơi nắng tự nhiên."),
    ("Công ty TNHH Hà Diệp", FIRM, ("Sông Cầu", "Bắc Kạn"), "Tổ dân phố 8", "herb", "Hà Diệp",
     "Công ty TNHH Hà Diệp phát triển các dòng trà dược liệu của Bắc Kạn: trà hoa vàng trồng "
     "dưới tán rừng và trà nụ vối. Hoa, nụ được thu hái đúng độ, sấy lạnh để giữ màu và hương."),
    ("HTX rượu men lá Bằng Phúc", COOP, ("Bằng Phúc", "Chợ Đồn"), "Thôn Nà Pài", "ruou",
     "Bằng Phúc",
     "Bằng Phúc có nghề nấu rượu men lá lâu đời: men làm từ nhiều loại lá rừng theo bí quyết "
     "của người Tày. HTX chuẩn hóa quy trình nấu, hạ độc tố bằng công nghệ lọc và đóng chai, "
     "giữ hương vị truyền thống của làng."),
    ("HTX rượu men lá Thanh Tâm", COOP, ("Bằng Phúc", "Chợ Đồn"), "Thôn Nà Bay", "ruou",
     "Thanh Tâm",
     "Từ vài chục lít rượu mỗi ngày nấu tại gia đình, HTX rượu men lá Thanh Tâm đã tạo việc làm "
     "cho nhiều chị em trong thôn và đưa rượu men lá Bằng Phúc đi xa."),
    ("Công ty TNHH Bảo tồn bản làng sinh thái Thái Hải", FIRM, ("Thịnh Đức", "Thái Nguyên"),
     "Xóm Mỹ Hào", "tourism", "Thái Hải",
     "Khu bảo tồn làng nhà sàn dân tộc sinh thái Thái Hải có hơn 30 nếp nhà sàn cổ của người Tày "
     "được đưa từ Định Hóa về dựng lại giữa hơn 20 ha rừng trồng trên đồi trọc. Cộng đồng trong "
     "bản cùng làm, cùng ăn chung; du khách trải nghiệm văn hóa, ẩm thực và nghề truyền thống "
     "Tày. Năm 2022 Thái Hải là làng du lịch Việt Nam đầu tiên được UN Tourism công nhận \"Làng "
     "du lịch tốt nhất\"."),
    ("HTX trà Thái Minh", COOP, ("Văn Hán", "Đồng Hỷ"), "Xóm Phả Lý", "tea", "Thái Minh",
     "HTX trà Thái Minh ở xóm Phả Lý, xã Văn Hán. Ý tưởng ướp trà với hoa mộc đến từ một chén "
     "trà ở ngôi chùa cổ; từ năm 2020 HTX làm trà ướp hoa mộc, kết hợp vị đậm của chè Thái "
     "Nguyên với hương thanh của hoa mộc quế."),
    ("HTX nông nghiệp Tân Thành", COOP, ("Nông Thượng", "Bắc Kạn"), "Thôn Tân Thành", "herb",
     "Tân Thành",
     "HTX nông nghiệp Tân Thành trồng nghệ nếp đỏ, nghệ nếp đen trên đất đồi Nông Thượng và chế "
     "biến tinh bột nghệ bằng phương pháp lọc tách dầu, sấy lạnh."),
    ("Công ty Cổ phần Curmin Bắc Hà", FIRM, ("Nông Thượng", "Bắc Kạn"), "Thôn Khuổi Mật", "herb",
     "Curmin",
     "Curmin Bắc Hà chế biến dược liệu bản địa của Bắc Kạn; giảo cổ lam được trồng trên núi đá, "
     "thu hái khi cây đủ tuổi, sấy và đóng túi lọc tại nhà máy."),
    ("HTX Du lịch cộng đồng Pác Ngòi", COOP, ("Nam Mẫu", "Ba Bể"), "Bản Pác Ngòi", "tourism",
     "Pác Ngòi",
     "Bản Pác Ngòi của người Tày nằm bên hồ Ba Bể. Các gia đình trong HTX mở homestay nhà sàn, "
     "đưa khách đi thuyền độc mộc trên hồ, thưởng thức cá nướng, cơm lam và nghe hát then."),
    ("HTX Chè và du lịch Khuôn Tát", COOP, ("Phú Đình", "Định Hóa"), "Xóm Khuôn Tát", "tourism",
     "Khuôn Tát",
     "Xóm Khuôn Tát trong vùng ATK Định Hóa giữ những nếp nhà sàn giữa đồi chè. Du khách hái và "
     "sao chè cùng người dân, tắm suối và ăn cơm nhà sàn."),
    ("Hộ kinh doanh bánh chưng Bờ Đậu Thu Hằng", HOUSE, ("Cổ Lũng", "Phú Lương"), "Xóm Bờ Đậu",
     "banh", "Bờ Đậu",
     "Làng nghề bánh chưng Bờ Đậu nằm dọc Quốc lộ 3 lên Bắc Kạn, nhà nào cũng đỏ lửa nồi bánh "
     "quanh năm. Gia đình chị Thu Hằng gói bánh bằng gạo nếp nương, đỗ xanh và thịt lợn ba chỉ, "
     "luộc bằng bếp củi 10–12 tiếng."),
]


def _tea(producer, name, net, price, description, origin, stars, months_ago, history=(),
         gift=False, stock=150):
    return dict(producer=producer, name=name, category="che-ca-phe", price_vnd=price,
                unit="hộp", net_quantity=net, description=description, origin=origin,
                shelf_life=TEA_SHELF, storage=TEA_STORE, stock=stock, is_gift=gift, stars=stars,
                months_ago=months_ago, history=history)


def _item(producer, name, category, net, price, unit, description, origin, shelf, storage,
          stars, months_ago, history=(), gift=False, stock=120):
    return dict(producer=producer, name=name, category=category, price_vnd=price, unit=unit,
                net_quantity=net, description=description, origin=origin, shelf_life=shelf,
                storage=storage, stock=stock, is_gift=gift, stars=stars, months_ago=months_ago,
                history=history)


TAN_CUONG = "Vùng chè Tân Cương (TP. Thái Nguyên cũ), VietGAP"
PRODUCTS = [
    # The two current 5★: decided by the ministry, renewed after their first 36 months.
    _tea("HTX chè Hảo Đạt", "Chè tôm nõn", "Hộp 200 g", 350_000,
         "Chè tôm nõn chỉ hái phần tôm non nhất của búp chè Tân Cương vào sáng sớm, sao sấy ở "
         "nhiệt độ thấp. Nước chè xanh vàng trong, hương cốm non, vị chát dịu, hậu ngọt kéo dài.",
         TAN_CUONG, 5, 27, history=(5,), gift=True, stock=180),
    _tea("HTX chè Hảo Đạt", "Chè Đinh Tân Cương", "Hộp 200 g", 750_000,
         "Chè Đinh làm từ những nõn chè nhỏ như chiếc đinh, hàng vạn búp hái tay cho một cân chè "
         "khô. Loại trà biếu quý nhất của vùng chè Tân Cương.", TAN_CUONG, 5, 27, history=(5,),
         gift=True, stock=90),
    # Miến Việt Cường: 5★ national later; 4★ here.
    _item("HTX miến Việt Cường", "Miến Việt Cường", "thuc-pham-che-bien", "Gói 1 kg", 110_000,
          "gói", "Miến dong làm từ 100% tinh bột dong riềng, tráng và phơi nắng tự nhiên; sợi "
          "miến trong, dai, nấu không nát.", "Dong riềng của các hộ ở Hóa Thượng, Đồng Hỷ",
          "12 tháng", DRY, 4, 29, history=(4,), stock=400),
    # Nấm hương Phú Gia: 5★ national later; 4★ here.
    _item("Công ty TNHH Công nghệ sinh học Phú Gia", "Nấm hương", "nong-san-so-che", "Túi 300 g",
          165_000, "túi", "Nấm hương trồng trên giá thể mùn cưa trong nhà màng, mũ dày, thơm đậm; "
                          "sấy khô ở nhiệt độ thấp.", "Trang trại nấm Phú Gia, Đại Từ", "12 tháng",
          DRY, 4, 23, history=(4,), stock=200),
    # Trà tôm nõn hương quê: 5★ by Decision 2361/QĐ-BNNMT of 26/06/2025; 4★ here.
    _tea("HTX Nông sản Phú Lương", "Trà tôm nõn hương quê", "Hộp 200 g", 320_000,
         "Búp tôm non hái tay, sao sấy ngay trong ngày. Nước trà vàng xanh trong, hương thanh, vị "
         "chát dịu nơi đầu lưỡi và hậu ngọt sâu.", "Vùng chè hữu cơ của HTX ở Hợp Thành, Phú Lương",
         4, 32, history=(3,), gift=True),
    _tea("HTX Nông sản Phú Lương", "Trà móc câu hương quê", "Gói 500 g", 350_000,
         "Trà móc câu cánh nhỏ, xoăn, màu xanh đen; nước xanh vàng, thơm lâu.",
         "Vùng chè hữu cơ của HTX ở Hợp Thành, Phú Lương", 4, 20, stock=220),
    _tea("HTX chè sạch Đạt Phát", "Trà đinh Đạt Phát", "Hộp 200 g", 800_000,
         "Trà đinh từ nõn chè non nhất, cánh nhỏ, thẳng như đinh; nước xanh ánh vàng, ngọt hậu.",
         "Đồi chè của HTX ở Vô Tranh, Phú Lương", 4, 14, gift=True, stock=60),
    _tea("HTX trà Sơn Dung", "Độc đáo trà ướp hoa", "Hộp 200 g", 450_000,
         "Chè Tân Cương ướp hoa sen, hoa nhài tươi nhiều lượt theo cách cổ truyền; hương hoa "
         "quyện hương cốm.", TAN_CUONG, 4, 26, history=(4,), gift=True),
    _tea("HTX chè Công Tâm Minh Đức", "Trà móc câu Minh Đức", "Gói 500 g", 300_000,
         "Búp một tôm một lá, sao hai lửa; cánh trà nhỏ, cong như móc câu, nước xanh trong.",
         "Vùng chè Minh Đức, Phổ Yên", 4, 8),
    _tea("HTX chè Nguyên Việt", "Trà xanh túi lọc Nguyên Việt", "Hộp 25 túi × 2 g", 55_000,
         "Chè xanh Minh Lập nghiền vừa, đóng túi lọc giấy không tẩy trắng; pha 2–3 phút.",
         "Vùng chè Minh Lập, Đồng Hỷ", 3, 17, stock=300),
    _tea("HTX trà Minh Đeng", "Nõn chè xanh Trại Cài", "Hộp 200 g", 260_000,
         "Nõn chè hái từ nương chè xóm Trại Cài, sao thủ công; nước xanh, vị đậm, hậu ngọt.",
         "Nương chè xóm Trại Cài, Minh Lập, Đồng Hỷ", 3, 23),
    _tea("HTX trà Thái Minh", "Trà ướp hoa mộc", "Hộp 100 g", 280_000,
         "Chè xanh Thái Nguyên ướp hoa mộc quế: vị đậm của chè, hương thanh khiết của hoa mộc.",
         "Vùng chè Văn Hán, Đồng Hỷ", 4, 5, history=(4,), gift=True),
    _item("HTX nuôi ong Phúc Thành", "Mật ong Phúc Thành", "nong-san-so-che", "Chai 500 ml",
          250_000, "chai", "Mật ong hoa rừng quay đúng vụ, lọc lạnh, không pha đường.",
          "Đàn ong của HTX ở Hóa Trung, Đồng Hỷ và vùng rừng Võ Nhai", "24 tháng",
          "Đậy kín, để nơi thoáng mát.", 3, 11, gift=True),
    _item("HTX nông lâm sản MTQ", "Măng khô lục trúc MTQ", "nong-san-so-che", "Túi 500 g",
          180_000, "túi", "Măng lục trúc luộc kỹ, phơi sấy giữ màu vàng tự nhiên; ngâm mềm rồi "
                          "xào, nấu canh, hầm chân giò.",
          "Rừng lục trúc vùng đồi Trại Cau, Đồng Hỷ", "12 tháng", DRY, 3, 26),
    _item("HTX chế biến nông sản ATK Định Hóa", "Bún ngũ sắc gạo Bao Thai", "thuc-pham-che-bien",
          "Gói 500 g", 45_000, "gói", "Bún khô từ gạo Bao Thai Định Hóa, năm màu tự nhiên từ lá "
                                      "cẩm, gấc, lá dứa, nghệ và gạo trắng.",
          "Gạo Bao Thai vùng ATK Định Hóa", "12 tháng", DRY, 3, 14, stock=250),
    _item("HTX chế biến nông sản ATK Định Hóa", "Cơm cháy nếp Thầu Dầu", "thuc-pham-che-bien",
          "Túi 200 g", 40_000, "túi", "Cơm cháy giòn từ nếp Thầu Dầu, rắc chà bông và hành phi.",
          "Nếp Thầu Dầu vùng ATK Định Hóa", "6 tháng", DRY, 3, 8, stock=250),
    # Miến dong Tài Hoan: 5★ national later; 4★ here.
    _item("HTX Tài Hoan", "Miến dong Tài Hoan", "thuc-pham-che-bien", "Gói 500 g", 55_000, "gói",
          "Miến dong Na Rì sợi đều, trong, dai; không chất tẩy trắng, không hàn the.",
          "Vùng dong riềng Côn Minh, Na Rì (Bắc Kạn cũ)", "12 tháng", DRY, 4, 20, history=(3,),
          stock=400),
    _item("Công ty TNHH Hà Diệp", "Trà hoa vàng", "thuc-pham-chuc-nang", "Hộp 50 g", 500_000,
          "hộp", "Hoa trà vàng trồng dưới tán rừng Bắc Kạn, sấy lạnh nguyên bông; nước vàng óng, "
                 "vị ngọt nhẹ.", "Vùng trà hoa vàng Bắc Kạn", "24 tháng", DRY, 4, 11,
          history=(4,), gift=True, stock=80),
    _item("Công ty TNHH Hà Diệp", "Trà nụ vối", "thuc-pham-chuc-nang", "Hộp 200 g", 90_000,
          "hộp", "Nụ vối ủ và sấy khô, pha nước uống thanh mát.", "Vùng vối Bắc Kạn", "24 tháng",
          DRY, 4, 11, history=(4,)),
    _item("HTX nông nghiệp Tân Thành", "Tinh bột nghệ nếp đỏ Bắc Kạn", "thuc-pham-chuc-nang",
          "Hũ 500 g", 320_000, "hũ", "Tinh bột nghệ nếp đỏ lọc tách dầu, sấy lạnh; pha với nước "
                                     "ấm và mật ong.", "Đồi nghệ nếp đỏ ở Nông Thượng (TP. Bắc Kạn "
                                                       "cũ)", "24 tháng", DRY, 4, 17, stock=150),
    _item("Công ty Cổ phần Curmin Bắc Hà", "Trà thảo dược giảo cổ lam núi đá",
          "thuc-pham-chuc-nang", "Hộp 30 túi × 3 g", 120_000, "hộp",
          "Giảo cổ lam năm lá mọc trên núi đá vôi, sấy khô và đóng túi lọc.",
          "Vùng giảo cổ lam núi đá Bắc Kạn", "24 tháng", DRY, 4, 14, stock=200),
    _item("HTX rượu men lá Bằng Phúc", "Rượu men lá Bằng Phúc", "do-uong-co-con", "Chai 500 ml",
          80_000, "chai", "Rượu gạo nấu bằng men lá rừng của người Tày Bằng Phúc, lọc giảm "
                          "andehit, 29 độ; êm, thơm mùi lá.", "Gạo và lá men rừng xã Bằng Phúc, "
                                                          "Chợ Đồn", "36 tháng", ALCOHOL, 4, 29,
          history=(3,), stock=300),
    _item("HTX rượu men lá Thanh Tâm", "Rượu men lá Thanh Tâm", "do-uong-co-con", "Chai 500 ml",
          85_000, "chai", "Rượu men lá nấu bếp củi, hạ thổ trước khi đóng chai; vị êm, hậu ngọt.",
          "Gạo và lá men rừng xã Bằng Phúc, Chợ Đồn", "36 tháng", ALCOHOL, 4, 29, history=(3,),
          stock=300),
    # Bản làng Thái Hải: 5★ later; 4★ here.
    _item("Công ty TNHH Bảo tồn bản làng sinh thái Thái Hải", "Bản làng sinh thái Thái Hải",
          "du-lich", "Gói trải nghiệm 1 ngày / khách", 450_000, "khách",
          "Một ngày ở bản: tham quan nhà sàn cổ, mặc trang phục Tày, học làm bánh, giã gạo, nghe "
          "hát then – đàn tính và ăn cơm bản làng.", "Khu bảo tồn 70 ha ở Thịnh Đức (nay xã Tân "
                                                     "Cương)", "", "Đặt trước ít nhất 2 ngày.",
          4, 26, stock=60),
    _item("HTX Du lịch cộng đồng Pác Ngòi", "Du lịch cộng đồng bản Pác Ngòi", "du-lich",
          "1 đêm homestay kèm bữa tối / khách", 350_000, "khách",
          "Ngủ nhà sàn bên hồ Ba Bể, đi thuyền độc mộc, ăn cá nướng, cơm lam và nghe hát then.",
          "Bản Pác Ngòi, hồ Ba Bể", "", "Đặt trước ít nhất 3 ngày.", 3, 17, stock=40),
    _item("HTX Chè và du lịch Khuôn Tát", "Du lịch cộng đồng xóm Khuôn Tát", "du-lich",
          "Gói trải nghiệm 1 ngày / khách", 250_000, "khách",
          "Hái và sao chè cùng người dân, tắm suối, ăn cơm nhà sàn trong vùng ATK Định Hóa.",
          "Xóm Khuôn Tát, Phú Đình, Định Hóa", "", "Đặt trước ít nhất 2 ngày.", 3, 5, stock=40),
    # A famous craft-village product with no star found: the uncertified example.
    _item("Hộ kinh doanh bánh chưng Bờ Đậu Thu Hằng", "Bánh chưng Bờ Đậu", "thuc-pham-che-bien",
          "Chiếc 1 kg", 70_000, "chiếc", "Bánh chưng vuông gói lá dong, gạo nếp nương, nhân đỗ "
                                        "xanh và thịt ba chỉ, luộc bếp củi 10–12 tiếng.",
          "Làng nghề Bờ Đậu, Cổ Lũng, Phú Lương", "7 ngày (ngăn mát)", COLD, None, None,
          stock=80),
]


def headline() -> tuple[list[ProducerSpec], list[ProductSpec]]:
    """The real producers and products, placed by their legacy communes."""
    producers = {
        name: ProducerSpec(name=name, kind=kind, place=find(*where), street=street, story=story,
                           specialty=specialty, brand=brand, real=True)
        for name, kind, where, street, specialty, brand, story in PRODUCERS
    }
    products = [ProductSpec(**{**item, "producer": producers[item["producer"]]})
                for item in PRODUCTS]
    return list(producers.values()), products
