"""Kinds of product the generated producers make, with prices, sizes and descriptions."""
from __future__ import annotations

from dataclasses import dataclass

# Storage and shelf-life texts shared by many products.
DRY = "Nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp; buộc kín túi sau khi mở."
TEA_STORE = "Đựng trong hộp kín, nơi khô ráo, tránh ánh nắng và mùi lạ; có thể để ngăn mát."
COLD = "Ngăn mát tủ lạnh 0–4 °C."
ALCOHOL = "Nơi thoáng mát, tránh ánh nắng. Không dành cho người dưới 18 tuổi."
CRAFT = "Để nơi khô thoáng, tránh ẩm; lau bằng khăn khô."


@dataclass(frozen=True)
class Kind:
    """One kind of product a producer of a specialty may make."""

    name: str  # "Chè búp {brand}"
    category: str  # sub-group slug (or group slug)
    sizes: tuple[tuple[str, int, int], ...]  # (net quantity, lowest, highest price)
    unit: str
    shelf_life: str
    storage: str
    description: str  # may use {brand}, {place}, {district}, {net}
    gift: float = 0.0  # probability of being a gift item
    weight4: float = 1.0
    stock: tuple[int, int] = (30, 300)


def _tea(name, sizes, description, gift=0.0, weight4=1.0, unit="hộp"):
    return Kind(name, "che-ca-phe", sizes, unit, "12 tháng kể từ ngày sản xuất", TEA_STORE,
                description, gift, weight4, (40, 400))


TEA_KINDS = [
    _tea("Chè búp {brand}", (("Gói 500 g", 160_000, 280_000),),
         "Chè búp sao thủ công từ búp chè trung du một tôm hai lá hái ở {place}. Cánh chè xoăn, "
         "nước xanh vàng, hương cốm non, vị chát dịu và hậu ngọt.", unit="gói"),
    _tea("Trà móc câu {brand}", (("Hộp 200 g", 150_000, 220_000), ("Gói 500 g", 280_000, 450_000)),
         "Búp một tôm một lá vò kỹ cho cánh nhỏ cong như móc câu, sao hai lửa trên chảo gang. "
         "Nước trà xanh trong, thơm lâu, ngọt hậu.", weight4=1.4),
    _tea("Chè tôm nõn {brand}", (("Hộp 200 g", 300_000, 520_000), ("Hộp 500 g", 650_000, 980_000)),
         "Chỉ hái phần tôm non chưa xòe lá vào sáng sớm ở {place}, sao sấy ở nhiệt độ thấp để giữ "
         "trọn hương cốm. Nước vàng xanh, vị đượm, hậu ngọt sâu.", gift=0.4, weight4=1.8),
    _tea("Trà đinh {brand}", (("Hộp 200 g", 600_000, 1_200_000),),
         "Trà đinh làm từ nõn chè nhỏ như chiếc đinh, mỗi cân chè khô cần hàng vạn búp hái tay. "
         "Loại trà biếu quý của vùng chè {district}.", gift=0.7, weight4=2.2),
    _tea("Trà xanh túi lọc {brand}", (("Hộp 25 túi × 2 g", 45_000, 75_000),),
         "Chè xanh {place} nghiền vừa, đóng túi lọc tiện pha ở văn phòng: 2–3 phút với nước "
         "85 °C là có chén trà thơm.", weight4=0.6),
    _tea("Trà ướp hoa nhài {brand}", (("Hộp 200 g", 180_000, 320_000),),
         "Chè xanh {place} ướp với hoa nhài nở trong đêm, đổi hoa nhiều lượt cho hương thấm đều.",
         gift=0.3),
    _tea("Trà ướp hoa sen {brand}", (("Hộp 200 g", 350_000, 750_000),),
         "Chè móc câu ướp gạo sen (nhị hoa sen) theo cách cổ truyền; nước trà thơm thanh, vị êm.",
         gift=0.6, weight4=1.5),
    _tea("Hồng trà {brand}", (("Hộp 200 g", 160_000, 300_000),),
         "Hồng trà lên men từ búp chè {place}: nước đỏ nâu, hương mật ong, vị dịu, hợp pha cùng "
         "sữa hoặc chanh.", weight4=0.9),
    _tea("Hộp quà trà {brand}", (("Hộp 2 × 200 g", 450_000, 1_200_000),),
         "Hộp quà gồm một hộp chè tôm nõn và một hộp trà móc câu {brand}, hộp gỗ khắc tên vùng chè "
         "{district}, kèm túi giấy.", gift=1.0, weight4=1.6),
    _tea("Bột trà xanh {brand}", (("Túi 100 g", 120_000, 190_000),),
         "Bột trà xanh nghiền mịn từ lá chè non {place}, dùng pha uống, làm bánh hoặc pha chế.",
         weight4=0.8, unit="túi"),
]

SHAN_KINDS = [
    _tea("Trà shan tuyết {brand}", (("Hộp 200 g", 250_000, 450_000),),
         "Búp chè shan tuyết cổ thụ mọc trên núi cao ở {place}, phủ lớp lông tơ trắng như tuyết; "
         "nước vàng sáng, vị chát nhẹ, ngọt hậu.", weight4=1.4),
    _tea("Bạch trà shan tuyết {brand}", (("Hộp 100 g", 400_000, 800_000),),
         "Bạch trà chỉ hái tôm non, làm héo tự nhiên rồi sấy nhẹ, giữ nguyên lớp lông tuyết; "
         "nước trà trong, hương hoa quả chín.", gift=0.5, weight4=2.0),
    _tea("Hồng trà shan tuyết {brand}", (("Hộp 200 g", 220_000, 380_000),),
         "Hồng trà lên men từ chè shan tuyết {place}: màu nước đỏ hổ phách, vị ngọt, hương mật."),
    _tea("Hộp quà trà shan tuyết {brand}", (("Hộp 2 × 100 g", 480_000, 900_000),),
         "Hộp quà bạch trà và hồng trà shan tuyết {brand}, hộp tre đan thủ công.", gift=1.0,
         weight4=1.5),
]


def _food(name, category, sizes, description, shelf, storage=DRY, unit="gói", gift=0.0,
          weight4=1.0, stock=(30, 300)):
    return Kind(name, category, sizes, unit, shelf, storage, description, gift, weight4, stock)


FOOD_KINDS = {
    "mien": [
        _food("Miến dong {brand}", "thuc-pham-che-bien",
              (("Gói 500 g", 45_000, 70_000), ("Gói 1 kg", 85_000, 130_000)),
              "Sợi miến làm từ 100% tinh bột dong riềng trồng ở {place}, tráng và phơi nắng tự "
              "nhiên, không chất tẩy trắng; nấu dai, không nát.", "12 tháng"),
        _food("Miến dong {brand} hộp quà", "thuc-pham-che-bien",
              (("Hộp 2 × 500 g", 150_000, 220_000),),
              "Hai gói miến dong {brand} trong hộp giấy in hoa văn thổ cẩm Tày, làm quà Tết.",
              "12 tháng", unit="hộp", gift=1.0, weight4=1.3),
        _food("Bột dong riềng {brand}", "nong-san-so-che", (("Gói 500 g", 40_000, 60_000),),
              "Tinh bột dong riềng lọc nhiều lần bằng nước giếng núi, phơi khô tự nhiên; dùng làm "
              "bánh hoặc nấu chè.", "12 tháng"),
        _food("Miến dong sợi nhỏ {brand}", "thuc-pham-che-bien", (("Gói 300 g", 35_000, 50_000),),
              "Sợi miến nhỏ hợp nấu canh, xào và làm nem; làm từ dong riềng {place}.", "12 tháng"),
    ],
    "mat_ong": [
        _food("Mật ong hoa rừng {brand}", "nong-san-so-che", (("Chai 500 ml", 250_000, 380_000),),
              "Mật ong ong nội nuôi dưới tán rừng {place}, quay mật khi đủ già, lọc lạnh, không "
              "pha đường.", "24 tháng", "Đậy kín, để nơi thoáng mát; không cần để tủ lạnh.",
              unit="chai", gift=0.5, weight4=1.3),
        _food("Mật ong hoa nhãn {brand}", "nong-san-so-che", (("Chai 500 ml", 180_000, 260_000),),
              "Mật ong vụ hoa nhãn, màu vàng sáng, thơm dịu; ong nuôi tại {place}.", "24 tháng",
              "Đậy kín, để nơi thoáng mát.", unit="chai"),
        _food("Mật ong hoa keo {brand}", "nong-san-so-che", (("Chai 1 lít", 280_000, 400_000),),
              "Mật ong hoa keo của đàn ong {brand}, vị ngọt thanh, ít kết tinh.", "24 tháng",
              "Đậy kín, để nơi thoáng mát.", unit="chai"),
        _food("Hộp quà mật ong {brand}", "nong-san-so-che",
              (("Hộp 2 chai × 350 ml", 420_000, 620_000),),
              "Hai chai mật ong hoa rừng {brand} trong hộp gỗ, kèm thìa gỗ lấy mật.", "24 tháng",
              "Đậy kín, để nơi thoáng mát.", unit="hộp", gift=1.0, weight4=1.4),
        _food("Phấn hoa {brand}", "nong-san-so-che", (("Hũ 250 g", 150_000, 220_000),),
              "Phấn hoa ong thu từ đàn ong {place}, sấy lạnh, đóng hũ thủy tinh.", "12 tháng",
              COLD, unit="hũ"),
    ],
    "gao": [
        _food("Gạo Bao Thai {brand}", "nong-san-so-che", (("Túi 5 kg", 120_000, 180_000),),
              "Gạo Bao Thai cấy trên ruộng bậc thang {place}, hạt nhỏ, cơm dẻo và thơm, để nguội "
              "không cứng.", "6 tháng", unit="túi", weight4=1.2),
        _food("Gạo nếp vải {brand}", "nong-san-so-che", (("Túi 2 kg", 70_000, 110_000),),
              "Nếp vải hạt tròn, đồ xôi dẻo thơm, gói bánh chưng ngon; trồng ở {place}.",
              "6 tháng", unit="túi"),
        _food("Gạo nếp cái hoa vàng {brand}", "nong-san-so-che", (("Túi 2 kg", 80_000, 120_000),),
              "Nếp cái hoa vàng vụ mùa ở {place}, hạt mẩy, dùng đồ xôi, nấu rượu, làm bánh.",
              "6 tháng", unit="túi"),
        _food("Gạo lứt đỏ {brand}", "nong-san-so-che", (("Túi 2 kg", 70_000, 100_000),),
              "Gạo lứt đỏ xay dối giữ lớp cám, canh tác không thuốc diệt cỏ tại {place}.",
              "6 tháng", unit="túi"),
        _food("Bún gạo lứt {brand}", "thuc-pham-che-bien", (("Gói 500 g", 35_000, 55_000),),
              "Bún khô làm từ gạo lứt {place}, sợi dai, không phẩm màu.", "12 tháng"),
    ],
    "thit": [
        _food("Thịt trâu gác bếp {brand}", "thuc-pham-che-bien", (("Gói 500 g", 480_000, 680_000),),
              "Thịt bắp trâu tẩm mắc khén, gừng, ớt rồi hun khói trên gác bếp củi theo cách người "
              "Tày ở {place}; đóng gói hút chân không.", "6 tháng (hút chân không)", COLD,
              gift=0.4, weight4=1.3, stock=(20, 150)),
        _food("Thịt lợn gác bếp {brand}", "thuc-pham-che-bien", (("Gói 500 g", 320_000, 450_000),),
              "Thịt lợn bản nuôi thả ở {place}, ướp gia vị núi rừng, hun khói 15–20 ngày.",
              "6 tháng (hút chân không)", COLD, stock=(20, 150)),
        _food("Lạp sườn hun khói {brand}", "thuc-pham-che-bien", (("Gói 500 g", 180_000, 260_000),),
              "Lạp sườn thịt lợn bản, rượu men lá và gia vị, hun khói bếp củi.", "3 tháng", COLD),
        _food("Ruốc thịt lợn {brand}", "thuc-pham-che-bien", (("Hũ 200 g", 90_000, 140_000),),
              "Ruốc (chà bông) thịt nạc lợn bản, sao khô thủ công, không chất bảo quản.", "6 tháng",
              DRY, unit="hũ"),
        _food("Giò bò {brand}", "thuc-pham-che-bien", (("Khoanh 500 g", 160_000, 220_000),),
              "Giò bò giã thủ công, gói lá chuối, luộc chín; thơm, giòn sần sật.",
              "20 ngày (ngăn mát)", COLD, unit="khoanh", stock=(15, 80)),
        _food("Chà bông gà {brand}", "thuc-pham-che-bien", (("Hũ 200 g", 95_000, 150_000),),
              "Chà bông từ gà đồi thả vườn ở {place}, sợi tơi, vị vừa.", "6 tháng", DRY, unit="hũ"),
    ],
    "na": [
        _food("Na dai {brand}", "nong-san-tuoi-song", (("Hộp 2 kg", 120_000, 180_000),),
              "Na dai trồng trên núi đá vôi {place}, quả to, múi dày, ngọt đậm; hái già, "
              "giao trong ngày.", "3–5 ngày",
              "Để nơi thoáng mát; quả chín dùng ngay hoặc để ngăn mát.",
              unit="hộp", weight4=1.2, stock=(20, 120)),
        _food("Na sấy dẻo {brand}", "thuc-pham-che-bien", (("Túi 200 g", 70_000, 95_000),),
              "Múi na {place} sấy lạnh, dẻo thơm, không thêm đường.", "6 tháng", unit="túi"),
        _food("Hộp quà na {brand}", "nong-san-tuoi-song", (("Hộp 3 kg", 200_000, 280_000),),
              "Hộp quà chọn những quả na loại một của vườn {brand}.", "3–5 ngày",
              "Để nơi thoáng mát.", unit="hộp", gift=1.0, stock=(10, 60)),
    ],
    "cam_quyt": [
        _food("Quýt {brand}", "nong-san-tuoi-song", (("Hộp 3 kg", 120_000, 180_000),),
              "Quýt vỏ mỏng, múi mọng, vị ngọt thanh, chín vào dịp Tết ở {place}.", "2–3 tuần",
              "Để nơi thoáng mát.", unit="hộp", weight4=1.2, stock=(20, 150)),
        _food("Cam sành {brand}", "nong-san-tuoi-song", (("Hộp 5 kg", 150_000, 220_000),),
              "Cam sành vùng đồi {place}, nhiều nước, chua ngọt.", "2–3 tuần", "Để nơi thoáng mát.",
              unit="hộp", stock=(20, 150)),
        _food("Hồng không hạt {brand}", "nong-san-tuoi-song", (("Hộp 3 kg", 150_000, 240_000),),
              "Hồng không hạt ngâm nước vôi cho giòn, ngọt mát; đặc sản mùa thu của {place}.",
              "7–10 ngày", "Để nơi thoáng mát.", unit="hộp", weight4=1.3, stock=(20, 100)),
        _food("Hồng sấy dẻo {brand}", "thuc-pham-che-bien", (("Hộp 300 g", 120_000, 180_000),),
              "Hồng không hạt {place} sấy dẻo, phủ phấn đường tự nhiên.", "6 tháng", unit="hộp",
              gift=0.5),
    ],
    "banh": [
        _food("Bánh chưng đen {brand}", "thuc-pham-che-bien", (("Chiếc 1 kg", 60_000, 90_000),),
              "Bánh chưng nếp cẩm trộn tro lá núc nác theo cách người Tày ở {place}, nhân đỗ xanh, "
              "thịt ba chỉ.", "7 ngày (ngăn mát)", COLD, unit="chiếc", stock=(20, 120)),
        _food("Bánh khảo {brand}", "thuc-pham-che-bien", (("Hộp 300 g", 45_000, 70_000),),
              "Bánh khảo bột nếp rang, đường kính và nhân mỡ, ép khuôn gỗ; món quà Tết của người "
              "Tày.", "3 tháng", unit="hộp"),
        _food("Bánh gai {brand}", "thuc-pham-che-bien", (("Hộp 10 chiếc", 70_000, 100_000),),
              "Bánh gai lá gai rừng, nhân đỗ dừa, gói lá chuối khô.", "5 ngày", DRY, unit="hộp",
              stock=(20, 120)),
        _food("Bánh coóc mò {brand}", "thuc-pham-che-bien", (("Gói 10 chiếc", 60_000, 90_000),),
              "Bánh coóc mò (bánh sừng bò) nếp nương gói lá dong, hấp chín; đặc sản Tày.",
              "5 ngày (ngăn mát)", COLD, stock=(20, 120)),
    ],
    "lam_san": [
        _food("Măng khô {brand}", "nong-san-so-che", (("Túi 500 g", 150_000, 240_000),),
              "Măng vầu rừng {place} luộc kỹ, phơi khô tự nhiên; ngâm nước vo gạo rồi nấu "
              "chân giò.",
              "12 tháng", unit="túi"),
        _food("Mộc nhĩ rừng {brand}", "nong-san-so-che", (("Túi 300 g", 90_000, 140_000),),
              "Mộc nhĩ mọc trên gỗ mục rừng {place}, tai dày, giòn.", "12 tháng", unit="túi"),
        _food("Nấm hương rừng {brand}", "nong-san-so-che", (("Túi 200 g", 150_000, 230_000),),
              "Nấm hương rừng {place} mũ dày, thơm đậm, phơi gió.", "12 tháng", unit="túi",
              weight4=1.2),
        _food("Măng nứa khô {brand}", "nong-san-so-che", (("Túi 500 g", 130_000, 200_000),),
              "Măng nứa nhỏ, hái đầu mùa mưa ở {place}, phơi khô giữ vị ngọt.", "12 tháng",
              unit="túi"),
    ],
    "gia_vi": [
        _food("Tương nếp {brand}", "gia-vi", (("Chai 500 ml", 35_000, 60_000),),
              "Tương ủ từ nếp cái, đậu tương rang và muối biển trong chum sành 3 tháng.",
              "12 tháng", "Nơi thoáng mát; đậy kín sau khi mở.", unit="chai"),
        _food("Muối ớt xanh {brand}", "gia-vi", (("Hũ 200 g", 30_000, 45_000),),
              "Muối ớt xanh giã cùng lá chanh, sả, chấm thịt luộc và hoa quả.", "3 tháng", COLD,
              unit="hũ"),
        _food("Tương ớt {brand}", "gia-vi", (("Chai 250 ml", 28_000, 40_000),),
              "Tương ớt chỉ thiên trồng ở {place}, lên men tự nhiên, không phẩm màu.", "12 tháng",
              "Nơi thoáng mát; đậy kín sau khi mở.", unit="chai"),
        _food("Gừng khô thái lát {brand}", "gia-vi", (("Túi 200 g", 60_000, 90_000),),
              "Gừng trâu {place} thái lát, sấy khô; pha trà gừng hoặc nấu ăn.", "12 tháng",
              unit="túi"),
        _food("Bột nghệ {brand}", "gia-vi", (("Hũ 200 g", 60_000, 90_000),),
              "Bột nghệ vàng nguyên chất từ củ nghệ trồng ở {place}.", "12 tháng", unit="hũ"),
    ],
    "ga": [
        _food("Gà đồi {brand}", "nong-san-tuoi-song", (("Con 1,6–2 kg", 250_000, 320_000),),
              "Gà thả đồi ở {place} từ 5 tháng tuổi trở lên, thịt chắc, da giòn; làm sạch, giao "
              "trong ngày.", "2 ngày (ngăn mát)", COLD, unit="con", weight4=1.2, stock=(10, 80)),
        _food("Trứng gà đồi {brand}", "nong-san-tuoi-song", (("Hộp 10 quả", 45_000, 60_000),),
              "Trứng gà thả đồi {place}, lòng đỏ đậm.", "20 ngày", "Nơi thoáng mát hoặc ngăn mát.",
              unit="hộp", stock=(30, 200)),
    ],
}


def _drink(name, category, sizes, description, shelf, storage=ALCOHOL, unit="chai", gift=0.0,
           weight4=1.0):
    return Kind(name, category, sizes, unit, shelf, storage, description, gift, weight4, (30, 250))


DRINK_KINDS = {
    "ruou": [
        _drink("Rượu men lá {brand}", "do-uong-co-con", (("Chai 500 ml", 60_000, 120_000),),
               "Rượu gạo nấu bằng men lá rừng theo bí quyết người Tày ở {place}, 29–35 độ, êm, "
               "thơm mùi lá.", "36 tháng", weight4=1.2),
        _drink("Rượu ngô men lá {brand}", "do-uong-co-con", (("Chai 500 ml", 70_000, 110_000),),
               "Rượu ngô nương {place} ủ men lá, chưng cất hai lần, hạ thổ ba tháng.", "36 tháng"),
        _drink("Rượu nếp cẩm {brand}", "do-uong-co-con", (("Chai 500 ml", 80_000, 140_000),),
               "Rượu nếp cẩm màu tím đỏ, ngọt nhẹ, 15–18 độ.", "24 tháng"),
        _drink("Rượu ba kích {brand}", "do-uong-co-con", (("Chai 500 ml", 150_000, 260_000),),
               "Rượu gạo ngâm rễ ba kích tím trồng dưới tán rừng {place}.", "36 tháng",
               weight4=1.2),
        _drink("Rượu mơ {brand}", "do-uong-co-con", (("Chai 500 ml", 120_000, 200_000),),
               "Rượu mơ vàng ngâm đường phèn một năm, vị chua ngọt, 20 độ.", "36 tháng"),
        _drink("Bình rượu men lá quà tặng {brand}", "do-uong-co-con",
               (("Bình gốm 2 lít", 280_000, 450_000),),
               "Rượu men lá {brand} trong bình gốm men lam, làm quà biếu.", "36 tháng",
               unit="bình", gift=1.0, weight4=1.3),
    ],
    "khong_con": [
        _drink("Nước cốt chanh leo {brand}", "do-uong-khong-con",
               (("Chai 500 ml", 55_000, 80_000),),
               "Nước cốt chanh leo tím trồng ở {place}, pha 1 phần với 4 phần nước.",
               "6 tháng", "Ngăn mát sau khi mở; dùng trong 10 ngày."),
        _drink("Siro mơ {brand}", "do-uong-khong-con", (("Chai 500 ml", 60_000, 90_000),),
               "Siro mơ ngâm đường phèn, pha nước đá giải nhiệt.", "12 tháng", DRY),
        _drink("Nước cốt gừng mật ong {brand}", "do-uong-khong-con",
               (("Chai 300 ml", 65_000, 95_000),),
               "Gừng trâu ép lấy nước cốt, pha mật ong rừng; pha với nước ấm.", "6 tháng",
               "Ngăn mát sau khi mở."),
        _drink("Trà xanh đóng chai {brand}", "do-uong-khong-con",
               (("Thùng 24 chai × 350 ml", 160_000, 220_000),),
               "Trà xanh pha từ chè búp {place}, không đường, thanh trùng, không chất bảo quản.",
               "9 tháng", DRY, unit="thùng"),
    ],
}


def _herb(name, category, sizes, description, shelf="24 tháng", unit="hộp", gift=0.0,
          weight4=1.0):
    return Kind(name, category, sizes, unit, shelf, DRY, description, gift, weight4, (30, 250))


HERB_KINDS = [
    _herb("Trà giảo cổ lam {brand}", "thuc-pham-chuc-nang",
          (("Hộp 30 túi × 3 g", 90_000, 150_000),),
          "Giảo cổ lam năm lá trồng dưới tán rừng {place}, sấy lạnh, đóng túi lọc."),
    _herb("Cao gắm {brand}", "thuoc-tu-duoc-lieu", (("Lọ 100 g", 250_000, 380_000),),
          "Cao dây gắm rừng {place} nấu cô đặc nhiều ngày theo bài thuốc dân gian.",
          unit="lọ", weight4=1.2),
    _herb("Tinh dầu quế {brand}", "tinh-dau", (("Lọ 10 ml", 60_000, 95_000),),
          "Tinh dầu chưng cất từ lá và vỏ quế trồng ở {place}; xông phòng, khử mùi.", unit="lọ"),
    _herb("Tinh dầu sả chanh {brand}", "tinh-dau", (("Lọ 50 ml", 80_000, 130_000),),
          "Tinh dầu sả chanh chưng cất hơi nước, đuổi muỗi, thư giãn.", unit="lọ"),
    _herb("Tinh bột nghệ {brand}", "thuc-pham-chuc-nang", (("Hũ 500 g", 250_000, 380_000),),
          "Tinh bột nghệ vàng lọc tách dầu, pha mật ong uống hằng ngày.", unit="hũ",
          weight4=1.2),
    _herb("Trà dây thìa canh {brand}", "thuc-pham-chuc-nang",
          (("Hộp 20 túi × 3 g", 80_000, 120_000),),
          "Dây thìa canh trồng sạch ở {place}, sấy khô, đóng túi lọc."),
    _herb("Xà phòng thảo dược {brand}", "my-pham", (("Bánh 100 g", 45_000, 70_000),),
          "Xà phòng thủ công từ dầu dừa, tinh dầu sả và lá thuốc của người Dao.", "18 tháng",
          unit="bánh"),
    _herb("Dầu gội bồ kết {brand}", "my-pham", (("Chai 300 ml", 90_000, 140_000),),
          "Dầu gội nấu từ quả bồ kết, vỏ bưởi, hương nhu; không chất tạo bọt tổng hợp.",
          "18 tháng", unit="chai"),
]


def _craft(name, category, sizes, description, unit="chiếc", gift=0.0, weight4=1.0):
    return Kind(name, category, sizes, unit, "", CRAFT, description, gift, weight4, (5, 60))


CRAFT_KINDS = [
    _craft("Giỏ tre đan {brand}", "may-tre-dan", (("Bộ 3 chiếc", 180_000, 320_000),),
           "Giỏ đan từ tre bánh tẻ ở {place}, hun khói chống mọt, đựng hoa quả và đồ khô.",
           unit="bộ"),
    _craft("Khay mây {brand}", "may-tre-dan", (("Chiếc 40 cm", 150_000, 250_000),),
           "Khay mây đan tay, dùng bày bánh trái, khay quà."),
    _craft("Làn tre đựng quà {brand}", "may-tre-dan", (("Chiếc 35 × 25 cm", 120_000, 200_000),),
           "Làn tre có quai, lót vải thổ cẩm, đựng giỏ quà Tết.", gift=1.0),
    _craft("Khăn thổ cẩm Tày {brand}", "det-may-theu", (("Chiếc 180 × 40 cm", 250_000, 450_000),),
           "Khăn dệt tay trên khung cửi, nhuộm chàm và màu lá rừng, hoa văn Tày.", gift=0.4,
           weight4=1.3),
    _craft("Túi thổ cẩm {brand}", "det-may-theu", (("Chiếc 30 × 35 cm", 200_000, 380_000),),
           "Túi đeo vải thổ cẩm dệt tay, lót vải bông."),
    _craft("Khay trà gỗ nghiến {brand}", "do-go", (("Chiếc 30 × 45 cm", 650_000, 1_400_000),),
           "Khay trà nguyên khối gỗ nghiến, đục tay, đánh dầu lau.", gift=0.6, weight4=1.4),
    _craft("Hộp gỗ đựng chè {brand}", "do-go", (("Chiếc 12 × 12 × 15 cm", 180_000, 320_000),),
           "Hộp gỗ thông khắc laze chữ \"Trà Thái Nguyên\", nắp kín giữ hương chè.", gift=1.0),
    _craft("Bộ đũa gỗ {brand}", "do-go", (("Bộ 10 đôi", 80_000, 150_000),),
           "Đũa gỗ nghiến tiện tay, không sơn phủ.", unit="bộ"),
]

ORNAMENTAL_KINDS = [
    Kind("Lan hồ điệp {brand}", "sinh-vat-canh", (("Chậu 3 cành", 650_000, 1_200_000),), "chậu",
         "", "Đặt nơi có ánh sáng tán xạ; tưới phun sương 2–3 lần mỗi tuần.",
         "Lan hồ điệp trồng trong nhà màng ở {place}, cành dài, hoa bền 2–3 tháng.", 0.7, 1.2,
         (5, 40)),
    Kind("Bonsai chè cổ {brand}", "sinh-vat-canh", (("Chậu cao 50–70 cm", 1_500_000, 3_500_000),),
         "chậu", "", "Để ngoài trời nơi có nắng nhẹ; tưới khi đất mặt se khô.",
         "Gốc chè trung du lâu năm được uốn tạo dáng bonsai, trồng chậu gốm.", 0.3, 1.5, (2, 15)),
    Kind("Lan kiếm {brand}", "sinh-vat-canh", (("Chậu", 350_000, 700_000),), "chậu", "",
         "Nơi râm mát, thoáng gió; tưới ẩm giá thể.",
         "Lan kiếm nhân giống từ cây mẹ vùng núi {place}, ra hoa dịp Tết.", 0.3, 1.0, (5, 30)),
]
