"""Vocabularies for the generated part of the demo: places, names, specialties, stories."""
from __future__ import annotations

from dataclasses import dataclass

from .kinds import (
    CRAFT_KINDS, DRINK_KINDS, FOOD_KINDS, HERB_KINDS, ORNAMENTAL_KINDS, SHAN_KINDS, TEA_KINDS, Kind,
)

# Xóm names of the midland, thôn/bản names of the Tày and Nùng highlands.
HAMLETS_TN = [
    "Xóm Đồng Tâm", "Xóm Tân Lập", "Xóm Hợp Nhất", "Xóm Đoàn Kết", "Xóm Làng Chè",
    "Xóm Gò Móc", "Xóm Soi Mít", "Xóm Khuôn Gáo", "Xóm Đồng Kiệm", "Xóm Trung Tâm",
    "Xóm Bãi Bằng", "Xóm Na Dọ", "Xóm Cây Thị", "Xóm Làng Cả", "Xóm Đồng Bầu",
    "Xóm Hồng Phong", "Xóm Thâm Bây", "Xóm Cầu Đá", "Xóm Đồng Cả", "Xóm Lục Liêu",
    "Xóm Tân Thành", "Xóm Đồng Chăn", "Xóm Ba Cây", "Xóm Gốc Vải", "Xóm Núi Hột",
    "Xóm Phú Nam", "Xóm Văn Thanh", "Xóm Bờ Hồ", "Xóm Đèo Khế", "Xóm Nam Tiến",
]
HAMLETS_HIGHLAND = [
    "Thôn Nà Pài", "Thôn Bản Chang", "Thôn Nà Hồng", "Thôn Khuổi Luông", "Thôn Pác Châm",
    "Thôn Nà Lẹng", "Thôn Bản Đồn", "Thôn Phiêng Lủng", "Thôn Nà Làng", "Thôn Khau Ràng",
    "Thôn Nà Mỏ", "Thôn Bản Vẳng", "Thôn Cốc Lót", "Thôn Nà Chang", "Thôn Pò Duốc",
]
HIGHLAND_DISTRICTS = {"Ba Bể", "Bạch Thông", "Chợ Mới", "Chợ Đồn", "Na Rì", "Ngân Sơn",
                      "Pác Nặm", "Định Hóa", "Võ Nhai"}

FAMILY = ["Nguyễn", "Trần", "Hoàng", "Nông", "Ma", "Lê", "Đàm", "Triệu", "Phạm", "Vũ",
          "Lục", "Hà", "Dương", "Đặng", "Bùi", "La"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Thanh", "Thị Hồng", "Thị Minh"]
MIDDLE_M = ["Văn", "Đức", "Quang", "Minh", "Xuân"]
GIVEN_F = ["Hoa", "Lan", "Huệ", "Hằng", "Thảo", "Dung", "Nga", "Tâm", "Hiền", "Mai", "Yến",
           "Loan", "Phương", "Hạnh", "Nhung"]
GIVEN_M = ["Hùng", "Dũng", "Thắng", "Tuấn", "Sơn", "Cường", "Bình", "Hải", "Toàn", "Long",
           "Khánh", "Phúc"]

# Two-syllable trade names of companies and households.
BRANDS = [
    "Thanh Hương", "Minh Phúc", "Hồng Nhung", "An Khang", "Phúc Lộc", "Tân Hương", "Việt Sơn",
    "Hương Đồi", "Nam Phong", "Kim Thoa", "Bảo Ngọc", "Gia Hưng", "Tâm Trà", "Lộc Phát",
    "Hòa An", "Thái Hưng", "Mộc Sơn", "Trường Xuân", "Hải Yến", "Đông Á", "Ngọc Thúy",
    "Phương Nam", "Thiên Phú", "Sơn Hà", "Xuân Mai", "Quế Lâm", "Thành Đạt", "Bích Ngọc",
    "Hưng Thịnh", "Tuyết Sơn",
]


@dataclass(frozen=True)
class Specialty:
    """A kind of producer of the generated part: where they are and what they make."""

    key: str
    kinds: tuple[Kind, ...]
    districts: tuple[str, ...]  # old districts (short names) they are found in
    producers: int
    products: int  # certified products across those producers
    trades: tuple[str, str]  # ("chè", "Trà") for "HTX chè X" and "Công ty TNHH Trà X"
    mix: tuple[float, float, float] = (0.6, 0.2, 0.2)  # cooperative, enterprise, household


TEA_DISTRICTS = ("Thái Nguyên", "Đại Từ", "Đồng Hỷ", "Phú Lương", "Phổ Yên", "Sông Công",
                 "Định Hóa")

SPECIALTIES = [
    Specialty("tea", tuple(TEA_KINDS), TEA_DISTRICTS, 32, 96, ("chè", "Chè"),
              (0.6, 0.15, 0.25)),
    Specialty("shan", tuple(SHAN_KINDS), ("Chợ Đồn", "Bạch Thông", "Pác Nặm", "Ba Bể"), 4, 12,
              ("chè shan tuyết", "Trà")),
    Specialty("mien", tuple(FOOD_KINDS["mien"]), ("Na Rì", "Đồng Hỷ", "Chợ Đồn"), 3, 8,
              ("miến dong", "Thực phẩm")),
    Specialty("mat_ong", tuple(FOOD_KINDS["mat_ong"]), ("Võ Nhai", "Đại Từ", "Ba Bể", "Đồng Hỷ"),
              3, 7, ("nuôi ong", "Ong mật")),
    Specialty("gao", tuple(FOOD_KINDS["gao"]), ("Định Hóa",), 3, 8, ("nông nghiệp", "Nông sản")),
    Specialty("thit", tuple(FOOD_KINDS["thit"]), ("Ba Bể", "Ngân Sơn", "Chợ Mới", "Pác Nặm",
                                                  "Phú Bình"), 4, 12, ("chế biến thực phẩm",
                                                                       "Thực phẩm"),
              (0.4, 0.3, 0.3)),
    Specialty("na", tuple(FOOD_KINDS["na"]), ("Võ Nhai",), 2, 4, ("na", "Nông sản"),
              (0.5, 0.0, 0.5)),
    Specialty("cam_quyt", tuple(FOOD_KINDS["cam_quyt"]), ("Bạch Thông", "Ba Bể", "Chợ Đồn"), 2, 5,
              ("cây ăn quả", "Nông sản")),
    Specialty("banh", tuple(FOOD_KINDS["banh"]), ("Định Hóa", "Bắc Kạn", "Ba Bể"), 3, 7,
              ("bánh truyền thống", "Thực phẩm"), (0.4, 0.1, 0.5)),
    Specialty("lam_san", tuple(FOOD_KINDS["lam_san"]), ("Na Rì", "Chợ Đồn", "Pác Nặm"), 2, 6,
              ("nông lâm sản", "Nông lâm sản")),
    Specialty("gia_vi", tuple(FOOD_KINDS["gia_vi"]), ("Phổ Yên", "Phú Bình", "Thái Nguyên"), 2, 6,
              ("chế biến nông sản", "Thực phẩm")),
    Specialty("ga", tuple(FOOD_KINDS["ga"]), ("Phú Bình",), 1, 2, ("chăn nuôi", "Nông sản")),
    Specialty("ruou", tuple(DRINK_KINDS["ruou"]), ("Chợ Đồn", "Ba Bể", "Na Rì", "Ngân Sơn",
                                                   "Định Hóa"), 4, 10, ("rượu men lá", "Đồ uống"),
              (0.6, 0.1, 0.3)),
    Specialty("khong_con", tuple(DRINK_KINDS["khong_con"]), ("Phổ Yên", "Sông Công", "Chợ Mới"),
              2, 6, ("nước giải khát", "Đồ uống"), (0.3, 0.7, 0.0)),
    Specialty("herb", tuple(HERB_KINDS), ("Bắc Kạn", "Đại Từ", "Võ Nhai", "Định Hóa",
                                          "Bạch Thông"), 4, 12, ("dược liệu", "Dược liệu"),
              (0.5, 0.5, 0.0)),
    Specialty("tre", tuple(CRAFT_KINDS[:3]), ("Phú Bình", "Định Hóa", "Đại Từ"), 2, 5,
              ("mây tre đan", "Mây tre"), (0.7, 0.0, 0.3)),
    Specialty("tho_cam", tuple(CRAFT_KINDS[3:5]), ("Ba Bể", "Định Hóa"), 1, 2,
              ("dệt thổ cẩm", "Thổ cẩm"), (1.0, 0.0, 0.0)),
    Specialty("go", tuple(CRAFT_KINDS[5:]), ("Đại Từ", "Phú Lương"), 1, 3,
              ("đồ gỗ mỹ nghệ", "Đồ gỗ"), (0.5, 0.5, 0.0)),
    Specialty("ornamental", tuple(ORNAMENTAL_KINDS), ("Phổ Yên", "Thái Nguyên"), 2, 3,
              ("hoa lan cây cảnh", "Sinh vật cảnh"), (0.5, 0.5, 0.0)),
]

STORY_OPENINGS = {
    "cooperative": "{name} được thành lập năm {year} với {members} thành viên ở {ward}, "
                   "{district}.",
    "enterprise": "{name} thành lập năm {year} tại {ward}, {district}, liên kết với {members} "
                  "hộ sản xuất trong vùng.",
    "household": "Gia đình {owner} ở {ward}, {district} đã {generations} đời gắn bó với nghề.",
}
STORY_BODIES = {
    "tea": "Vùng chè {area} ha được chăm sóc theo quy trình VietGAP, hái tay vào sáng sớm và "
           "sao trong ngày để giữ hương cốm đặc trưng của chè Thái Nguyên.",
    "shan": "Những cây chè shan tuyết hàng trăm năm tuổi trên núi cao được bà con người Dao, "
            "người Tày chăm sóc tự nhiên, không phân bón hóa học.",
    "mien": "Dong riềng trồng trên nương được thu hoạch cuối năm, lọc tinh bột và tráng miến "
            "thủ công, phơi nắng trên những giàn tre.",
    "mat_ong": "Các đàn ong được đặt dưới tán rừng tự nhiên, quay mật đúng vụ hoa và kiểm tra "
               "độ ẩm từng mẻ trước khi đóng chai.",
    "gao": "Ruộng lúa được cấy một vụ chính bằng giống cổ truyền, bón phân chuồng hoai, phơi "
           "thóc trên sân gạch trước khi xay.",
    "thit": "Nguyên liệu là lợn bản, trâu thả đồi mua tận hộ dân; gia vị mắc khén, hạt dổi được "
            "thu hái trong rừng.",
    "na": "Những vườn na trên sườn núi đá vôi cho quả to, ngọt đậm nhờ đất đá ong và nắng.",
    "cam_quyt": "Vườn cây ăn quả được chăm sóc theo hướng hữu cơ, quả chỉ hái khi đủ ngày.",
    "banh": "Các món bánh được làm theo công thức truyền thống của người Tày, từ nếp nương và lá "
            "rừng.",
    "lam_san": "Sản vật được thu hái từ rừng tái sinh và vườn rừng của bà con, sơ chế và phơi "
               "sấy tại xưởng.",
    "gia_vi": "Nguyên liệu ớt, gừng, nghệ được trồng ở các hộ thành viên, chế biến không phẩm màu "
              "và chất bảo quản.",
    "ga": "Gà được thả trên đồi keo, đồi vải, ăn thóc ngô và rau xanh, nuôi từ 5 tháng trở lên.",
    "ruou": "Men lá được làm từ hàng chục loại lá rừng theo bí quyết gia truyền, rượu nấu bằng "
            "bếp củi và hạ thổ trước khi đóng chai.",
    "khong_con": "Xưởng sản xuất đạt chứng nhận an toàn thực phẩm, nguyên liệu bao tiêu từ các "
                 "hộ trồng trong vùng.",
    "herb": "Vùng dược liệu dưới tán rừng được trồng và thu hái theo hướng dẫn GACP, sơ chế tại "
            "xưởng sấy lạnh.",
    "tre": "Các nghệ nhân trong làng truyền nghề cho lớp trẻ, dùng tre, mây, gỗ và sợi bông "
             "của địa phương.",
    "tho_cam": "Chị em trong HTX dệt vải trên khung cửi gỗ, nhuộm chàm và các màu lá rừng theo "
               "kỹ thuật của người Tày.",
    "go": "Xưởng tận dụng gỗ rừng trồng và gỗ nghiến có nguồn gốc hợp pháp, chế tác hoàn toàn "
          "thủ công.",
    "ornamental": "Nhà màng và vườn ươm áp dụng tưới nhỏ giọt, nhân giống cây sạch bệnh.",
}
STORY_CLOSINGS = [
    "Sản phẩm có mặt tại các điểm bán OCOP trong tỉnh và các hội chợ xúc tiến thương mại.",
    "Mỗi năm đơn vị đón nhiều đoàn khách đến tham quan và trải nghiệm tại cơ sở sản xuất.",
    "Đơn vị tạo việc làm ổn định cho lao động địa phương, phần lớn là phụ nữ.",
    "Sản phẩm được truy xuất nguồn gốc bằng tem QR tới từng lô hàng.",
]

# Where the raw material comes from (vùng nguyên liệu), completed by the old commune.
ORIGINS = {
    "tea": "Vùng chè VietGAP {area} ha ở", "shan": "Chè shan tuyết cổ thụ trên núi cao ở",
    "mien": "Nương dong riềng của các hộ thành viên ở", "mat_ong": "Đàn ong nuôi dưới tán rừng ở",
    "gao": "Ruộng lúa một vụ ở", "thit": "Trâu, lợn bản thu mua tại các hộ ở",
    "na": "Vườn na trên núi đá vôi ở", "cam_quyt": "Vườn cây ăn quả ở",
    "banh": "Nếp nương và lá rừng ở", "lam_san": "Rừng tái sinh và vườn rừng ở",
    "gia_vi": "Ớt, gừng, nghệ trồng tại", "ga": "Trang trại gà thả đồi ở",
    "ruou": "Gạo nếp nương và lá men rừng ở", "khong_con": "Vùng nguyên liệu liên kết ở",
    "herb": "Vùng dược liệu dưới tán rừng ở", "tre": "Tre, mây khai thác tại",
    "tho_cam": "Sợi bông và chàm trồng ở", "go": "Gỗ rừng trồng hợp pháp ở",
    "ornamental": "Vườn ươm và nhà màng ở",
}
