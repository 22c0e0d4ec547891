/* demo.c — the demo park's registry and its generated ledger (docs/demo.md).
 *
 * Facts reproduced exactly are the published ones of DESIGN.md "Demo park": 64
 * enterprises, 38 high-tech, 27 专精特新, 38 provincial/municipal R&D platforms, 5 + 5
 * innovation platforms, three leading industries, the named sub-parks. Everything
 * else is an assumption written down here and in docs/demo.md: the enterprises are
 * fictional, and their monthly energy, water, waste, output and pollutants follow
 * per-industry intensities (per 万元 of output), a monthly seasonality, yearly growth
 * and efficiency gains, with noise from a seeded splitmix64 generator.
 *
 * Never: I/O, the store, rand() or any global state; libm (so the texts are the
 * same bytes wherever IEEE doubles and printf's correct rounding hold). */
#include "core/demo.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/uscc.h"
#include "util/rng.h"

/* Caps on the texts (the activity text is about 2 MB). */
#define REGISTRY_TEXT_MAX ((size_t)1 << 20)
#define ACTIVITY_TEXT_MAX ((size_t)64 << 20)

#define YEARS  (DEMO_LAST_YEAR - DEMO_FIRST_YEAR + 1)
#define MONTHS (12 * YEARS)

/* Coefficients of data/items.csv, used only to turn an assumed energy in tce into
 * the physical quantity an enterprise would report; the account recomputes energy
 * and CO2 from the factor library (GB/T 2589-2020; NCV/29.3076 GJ per tce). */
#define GAS_GJ_PER_M3          0.038931 /* natural_gas NCV */
#define GJ_PER_TCE_DEMO        29.3076
#define BITUMINOUS_GJ_PER_T    19.570 /* bituminous NCV */
#define DIESEL_TCE_PER_T       1.4571
#define LPG_TCE_PER_T          1.7143
#define HEAT_TCE_PER_GJ        0.03412
#define ENTERPRISE_NAME_SUFFIX "（示例）" /* every name says it is sample data */

/* ---- industries (assumptions, per 万元 of gross industrial output, 2022) ---- */

enum archetype_id {
	A_CARBON,     /* C3091 石墨及碳素制品 */
	A_ELECMAT,    /* C3985 电子专用材料 */
	A_CHEM,       /* C2662 专项化学用品 */
	A_BATTERY,    /* C3841 锂离子电池 */
	A_GLASSFIBER, /* C3061 玻璃纤维及制品 */
	A_FILM,       /* C2921 塑料薄膜 */
	A_PAPERBOX,   /* C2231 纸和纸板容器 */
	A_PLASTBOX,   /* C2926 塑料包装箱及容器 */
	A_PV,         /* C3825 光伏设备及元器件 */
	A_COATING,    /* C2641 涂料 */
	B_CNC,        /* C3421 金属切削机床 */
	B_ROBOT,      /* C3491 工业机器人 */
	B_AGRIMACH,   /* C3572 机械化农业及园艺机具 */
	B_TRACTOR,    /* C3571 拖拉机 */
	B_AUTOPARTS,  /* C3670 汽车零部件及配件 */
	B_FOUNDRY,    /* C3391 黑色金属铸造 */
	B_HYDRAULIC,  /* C3444 液压动力机械及元件 */
	B_AUTOMATION, /* C4011 工业自动控制系统装置 */
	B_POWERELEC,  /* C3824 电力电子元器件 */
	B_ELECTRONIC, /* C3990 其他电子设备 */
	H_SOY,        /* C1392 豆制品 */
	H_OIL,        /* C1331 食用植物油加工 */
	H_DRINK,      /* C1524 含乳饮料和植物蛋白饮料 */
	H_NUTRITION,  /* C1491 营养食品 */
	H_TCM,        /* C2740 中成药 */
	H_BAKERY,     /* C1411 糕点、面包 */
	O_FURNITURE,  /* C2110 木质家具 */
	O_GARMENT,    /* C1810 机织服装 */
	O_STEEL,      /* C3311 金属结构 */
	O_CONCRETE,   /* C3021 水泥制品 */
	O_PRINTING,   /* C2319 包装装潢及其他印刷 */
	O_SOFTWARE,   /* I6513 应用软件开发 (not industry: no output_value) */
	ARCHETYPE_COUNT
};

struct archetype {
	const char *industry_code; /* GB/T 4754-2017 */
	enum leading_industry leading;
	const char *product;        /* the word in the enterprise's name */
	double output_per_employee; /* 万元 of output per employee and year */
	double kwh_per_wan;         /* electricity demand (grid + PV + green), kWh/万元 */
	double fuel_tce_per_wan;    /* all other energy, tce (当量值)/万元 */
	/* How that other energy splits (shares of its tce; they add up to 1). */
	double gas, coal, diesel, lpg, heat;
	double space_heating;     /* share of gas/coal used to heat buildings in winter */
	double hvac;              /* share of electricity that follows the weather */
	double process_t_per_wan; /* process CO2, t/万元 (carbonate raw materials) */
	double value_added;       /* value added / output */
	double water_m3_per_wan;  /* fresh water withdrawn */
	double reuse;             /* 重复利用率 = reused / (reused + withdrawn), 2022 */
	double solid_t_per_wan;   /* general industrial solid waste */
	double solid_utilized;    /* share utilized, 2022 */
	double hazardous_t_per_wan;
	double cod_mg_l; /* COD of what leaves the park's treatment, mg/L */
};

/* Intensities are this file's assumptions, chosen inside the ranges docs/demo.md
 * gives for each kind of plant; they are sample values, not statistics. Columns, in
 * the order of struct archetype: GB/T 4754 code, leading industry, name word; 万元
 * output per employee; kWh and fuel tce per 万元; fuel split gas/coal/diesel/LPG/heat;
 * space-heating and HVAC shares; process tCO2/万元; value-added ratio; m3 water/万元;
 * reuse rate; t solid waste/万元; share utilized; t hazardous waste/万元; COD mg/L. */
#define NEM LEADING_NEW_ENERGY_MATERIALS
#define NTE LEADING_NEW_TECH_EQUIPMENT
#define HF  LEADING_HEALTH_FOOD
#define OT  LEADING_OTHER
/* clang-format off */
static const struct archetype archetypes[ARCHETYPE_COUNT] = {
	/*                code     lead name word        emp    kWh    tce    gas    coal   diesel
	 *              LPG   heat  space HVAC  proc  VA    water reuse solid used  hazard  COD */
	[A_CARBON]     = {"C3091", NEM, "碳素新材料",    145,   1000,  0.08,  0.92,  0,     0.08,
			   0,    0,    0.03, 0.03, 0,    0.28, 4,    0.85, 0.03, 0.9,  0.0005, 40},
	[A_ELECMAT]    = {"C3985", NEM, "电子材料",      120,   700,   0.03,  1,     0,     0,
			   0,    0,    0.1,  0.15, 0,    0.3,  6,    0.7,  0.02, 0.9,  0.002,  40},
	[A_CHEM]       = {"C2662", NEM, "精细化学",      175,   350,   0.14,  0.35,  0.25,  0,
			   0,    0.4,  0.05, 0.05, 0.02, 0.25, 8,    0.85, 0.04, 0.8,  0.004,  45},
	[A_BATTERY]    = {"C3841", NEM, "新能源电池",    130,   450,   0.015, 1,     0,     0,
			   0,    0,    0.2,  0.2,  0,    0.2,  2,    0.6,  0.015, 0.95, 0.001,  40},
	[A_GLASSFIBER]  = {"C3061", NEM, "玻纤复合材料",  95,    700,   0.25,  0.95,  0,     0.05,
			   0,    0,    0.02, 0.03, 0.25, 0.3,  3,    0.9,  0.06, 0.85, 0.0003, 40},
	[A_FILM]       = {"C2921", NEM, "功能薄膜",      160,   500,   0.01,  1,     0,     0,
			   0,    0,    0.3,  0.05, 0,    0.22, 1.5,  0.8,  0.02, 0.95, 0.0002, 40},
	[A_PAPERBOX]   = {"C2231", NEM, "环保包装",      70,    180,   0.03,  0.3,   0,     0,
			   0,    0.7,  0.1,  0.05, 0,    0.22, 2,    0.5,  0.08, 0.97, 0.0003, 40},
	[A_PLASTBOX]   = {"C2926", NEM, "塑料包装",      90,    420,   0.004, 0.5,   0,     0,
			   0.5,  0,    0.3,  0.05, 0,    0.22, 1,    0.7,  0.015, 0.95, 0.0001, 40},
	[A_PV]         = {"C3825", NEM, "光伏科技",      200,   150,   0.005, 1,     0,     0,
			   0,    0,    0.4,  0.1,  0,    0.15, 1,    0.6,  0.01, 0.95, 0.0002, 40},
	[A_COATING]    = {"C2641", NEM, "涂料科技",      200,   60,    0.01,  0.6,   0,     0,
			   0,    0.4,  0.2,  0.05, 0,    0.25, 1.5,  0.4,  0.005, 0.9,  0.003,  45},
	[B_CNC]        = {"C3421", NTE, "数控机床",      60,    220,   0.008, 0.8,   0,     0.2,
			   0,    0,    0.35, 0.1,  0,    0.3,  0.8,  0.5,  0.04, 0.98, 0.0008, 40},
	[B_ROBOT]      = {"C3491", NTE, "智能机器人",    70,    100,   0.004, 1,     0,     0,
			   0,    0,    0.4,  0.15, 0,    0.33, 0.5,  0.3,  0.01, 0.97, 0.0003, 40},
	[B_AGRIMACH]   = {"C3572", NTE, "农业装备",      55,    200,   0.012, 0.6,   0,     0.4,
			   0,    0,    0.35, 0.08, 0,    0.25, 0.8,  0.4,  0.05, 0.98, 0.0006, 40},
	[B_TRACTOR]    = {"C3571", NTE, "农业机械",      70,    230,   0.014, 0.55,  0,     0.45,
			   0,    0,    0.35, 0.08, 0,    0.24, 1,    0.45, 0.05, 0.98, 0.0007, 40},
	[B_AUTOPARTS]  = {"C3670", NTE, "汽车零部件",    75,    320,   0.015, 0.9,   0,     0,
			   0.1,  0,    0.25, 0.08, 0,    0.25, 1.2,  0.6,  0.04, 0.98, 0.0008, 40},
	[B_FOUNDRY]    = {"C3391", NTE, "精密铸造",      50,    1100,  0.05,  0.85,  0,     0.15,
			   0,    0,    0.05, 0.02, 0,    0.22, 1.5,  0.85, 0.25, 0.9,  0.0005, 40},
	[B_HYDRAULIC]  = {"C3444", NTE, "液压科技",      65,    210,   0.008, 1,     0,     0,
			   0,    0,    0.35, 0.08, 0,    0.28, 0.8,  0.5,  0.03, 0.98, 0.0006, 40},
	[B_AUTOMATION]  = {"C4011", NTE, "自动化科技",    80,    70,    0.002, 1,     0,     0,
			   0,    0,    0.5,  0.25, 0,    0.35, 0.4,  0.2,  0.004, 0.95, 0.0001, 40},
	[B_POWERELEC]  = {"C3824", NTE, "电力电子",      90,    260,   0.004, 1,     0,     0,
			   0,    0,    0.4,  0.2,  0,    0.3,  1,    0.5,  0.008, 0.95, 0.0004, 40},
	[B_ELECTRONIC]  = {"C3990", NTE, "电子科技",      75,    180,   0.003, 1,     0,     0,
			   0,    0,    0.4,  0.2,  0,    0.3,  0.8,  0.4,  0.008, 0.95, 0.0003, 40},
	[H_SOY]        = {"C1392", HF, "豆业食品",      65,    220,   0.06,  1,     0,     0,
			   0,    0,    0.05, 0.08, 0,    0.22, 18,   0.3,  0.35, 0.98, 0,      45},
	[H_OIL]        = {"C1331", HF, "粮油",          240,   90,    0.035, 0.3,   0.4,   0,
			   0,    0.3,  0.05, 0.03, 0,    0.12, 2,    0.8,  0.06, 0.98, 0,      45},
	[H_DRINK]      = {"C1524", HF, "植物蛋白饮品",  120,   130,   0.04,  1,     0,     0,
			   0,    0,    0.05, 0.08, 0,    0.3,  12,   0.4,  0.04, 0.95, 0,      45},
	[H_NUTRITION]  = {"C1491", HF, "营养健康",      110,   160,   0.03,  0.6,   0,     0,
			   0,    0.4,  0.1,  0.15, 0,    0.32, 6,    0.4,  0.03, 0.95, 0.00005, 45},
	[H_TCM]        = {"C2740", HF, "中药制药",      95,    200,   0.05,  0.3,   0,     0,
			   0,    0.7,  0.1,  0.15, 0,    0.38, 10,   0.5,  0.12, 0.9,  0.0003, 45},
	[H_BAKERY]     = {"C1411", HF, "烘焙食品",      50,    200,   0.045, 0.7,   0,     0,
			   0.3,  0,    0.1,  0.1,  0,    0.3,  4,    0.2,  0.03, 0.95, 0,      45},
	[O_FURNITURE]  = {"C2110", OT, "家居",          40,    150,   0.01,  0.6,   0,     0.4,
			   0,    0,    0.35, 0.05, 0,    0.25, 0.5,  0.2,  0.08, 0.95, 0.0006, 40},
	[O_GARMENT]    = {"C1810", OT, "服饰",          20,    90,    0.006, 1,     0,     0,
			   0,    0,    0.4,  0.15, 0,    0.3,  0.6,  0.1,  0.01, 0.9,  0,      40},
	[O_STEEL]      = {"C3311", OT, "钢结构",        90,    150,   0.01,  0.5,   0,     0.3,
			   0.2,  0,    0.3,  0.05, 0,    0.2,  0.5,  0.3,  0.04, 0.98, 0.0004, 40},
	[O_CONCRETE]   = {"C3021", OT, "新型建材",      95,    100,   0.02,  0.4,   0,     0.6,
			   0,    0,    0.2,  0.02, 0,    0.2,  3,    0.5,  0.03, 0.98, 0.0001, 40},
	[O_PRINTING]   = {"C2319", OT, "印务",          55,    160,   0.008, 1,     0,     0,
			   0,    0,    0.35, 0.1,  0,    0.28, 0.8,  0.2,  0.05, 0.97, 0.0015, 40},
	[O_SOFTWARE]   = {"I6513", OT, "软件科技",      30,    60,    0,     0,     0,     0,
			   0,    0,    0,    0.45, 0,    0.5,  0.3,  0,    0.001, 0.9,  0,      40},
};
/* clang-format on */
#undef NEM
#undef NTE
#undef HF
#undef OT

/* ---- the registry ---- */

enum subpark_id {
	SP_AIRPORT,  /* 空港产业园: new materials */
	SP_DOUGU,    /* 豆谷融合创新示范园: soy and health food */
	SP_HIGHEND,  /* 高端智能制造产业园: equipment */
	SP_YIYUN,    /* 翼云科创园: small technology firms */
	SP_NEV,      /* 新能源汽车装备制造园: batteries and vehicle parts */
	SP_WANHUI,   /* 万汇智造园: mixed small manufacturing */
	SP_PACKAGE,  /* 新型包装材料产业园: packaging materials */
	SP_AGRIMACH, /* 农业机械装备制造产业园: farm machinery */
	SUBPARK_COUNT
};

/* 一区三园 first, then the specialised parks (DESIGN.md). */
static const char *const subpark_names[SUBPARK_COUNT] = {
    "空港产业园",           "豆谷融合创新示范园", "高端智能制造产业园", "翼云科创园",
    "新能源汽车装备制造园", "万汇智造园",         "新型包装材料产业园", "农业机械装备制造产业园",
};

enum { F_PV = 1, F_GREEN = 2, F_WASTE_HEAT = 4 };

struct enterprise_def {
	const char *brand; /* invented */
	unsigned char archetype, subpark;
	unsigned char high_tech, srdi;
	unsigned short employees;                  /* typical; the seed varies it ±15 % */
	unsigned int land_m2;                      /* typical; the seed varies it ±10 % */
	unsigned char rd_provincial, rd_municipal; /* R&D platforms it hosts */
	unsigned char flags;
};

/* 64 fictional enterprises. Counted by tests/unit/test_demo.c: 38 high-tech, 27
 * 专精特新, 14 + 24 R&D platforms; 22 new energy/materials, 22 new technology/
 * equipment, 12 health/food, 8 other. */
static const struct enterprise_def enterprises[DEMO_ENTERPRISES] = {
    /* 空港产业园 */
    {"岚峰", A_CARBON, SP_AIRPORT, 1, 1, 420, 85000, 1, 1, F_PV | F_WASTE_HEAT},
    {"澄源", A_ELECMAT, SP_AIRPORT, 1, 1, 260, 42000, 0, 1, F_PV | F_GREEN},
    {"启衡", A_CHEM, SP_AIRPORT, 1, 0, 310, 68000, 1, 1, F_WASTE_HEAT},
    {"沐川", A_GLASSFIBER, SP_AIRPORT, 1, 1, 380, 96000, 1, 1, F_PV | F_WASTE_HEAT},
    {"熠辰", A_ELECMAT, SP_AIRPORT, 1, 0, 180, 30000, 0, 0, 0},
    {"骁驰", A_CARBON, SP_AIRPORT, 0, 0, 150, 36000, 0, 0, 0},
    {"沛霖", A_CHEM, SP_AIRPORT, 1, 1, 200, 45000, 0, 1, 0},
    {"瀚屿", A_COATING, SP_AIRPORT, 1, 0, 120, 20000, 0, 0, 0},
    {"珩越", A_PV, SP_AIRPORT, 1, 1, 300, 52000, 1, 0, F_PV | F_GREEN},
    {"翊安", A_FILM, SP_AIRPORT, 0, 0, 140, 26000, 0, 0, F_PV},
    {"柏臻", A_GLASSFIBER, SP_AIRPORT, 0, 0, 160, 40000, 0, 0, 0},
    {"洵美", A_COATING, SP_AIRPORT, 0, 0, 90, 15000, 0, 0, 0},
    {"瑞岚", O_CONCRETE, SP_AIRPORT, 0, 0, 110, 30000, 0, 0, 0},
    /* 新型包装材料产业园 */
    {"朗澈", A_FILM, SP_PACKAGE, 1, 1, 230, 38000, 1, 0, F_PV},
    {"昱恒", A_PAPERBOX, SP_PACKAGE, 0, 0, 160, 32000, 0, 0, F_PV},
    {"宸澜", A_PLASTBOX, SP_PACKAGE, 1, 0, 140, 24000, 0, 1, 0},
    {"溯光", A_FILM, SP_PACKAGE, 1, 1, 190, 30000, 0, 0, 0},
    {"嘉渟", A_PAPERBOX, SP_PACKAGE, 0, 0, 120, 22000, 0, 0, 0},
    {"霁川", A_PLASTBOX, SP_PACKAGE, 0, 0, 80, 14000, 0, 0, 0},
    /* 新能源汽车装备制造园 */
    {"曜石", A_BATTERY, SP_NEV, 1, 1, 520, 78000, 1, 1, F_PV | F_GREEN},
    {"绎达", A_BATTERY, SP_NEV, 1, 0, 240, 36000, 0, 0, F_PV},
    {"鸿璟", B_AUTOPARTS, SP_NEV, 1, 1, 330, 48000, 1, 0, F_PV},
    {"璞川", B_AUTOPARTS, SP_NEV, 1, 1, 210, 30000, 0, 1, 0},
    {"擎岳", B_AUTOPARTS, SP_NEV, 0, 0, 150, 22000, 0, 0, 0},
    {"弘毅", B_POWERELEC, SP_NEV, 1, 1, 170, 18000, 0, 1, F_PV},
    /* 翼云科创园 */
    {"芯朗", A_ELECMAT, SP_YIYUN, 1, 1, 90, 8000, 0, 1, 0},
    {"知微", B_AUTOMATION, SP_YIYUN, 1, 1, 120, 9000, 1, 0, 0},
    {"星澜", B_ELECTRONIC, SP_YIYUN, 1, 0, 80, 6000, 0, 0, 0},
    {"蕴康", H_TCM, SP_YIYUN, 1, 1, 160, 20000, 1, 0, 0},
    {"禾颐", H_NUTRITION, SP_YIYUN, 1, 0, 90, 10000, 0, 0, 0},
    {"云阶", O_SOFTWARE, SP_YIYUN, 1, 1, 70, 3000, 0, 1, 0},
    {"数衡", O_SOFTWARE, SP_YIYUN, 1, 0, 45, 2000, 0, 0, 0},
    /* 万汇智造园 */
    {"汇晶", A_PV, SP_WANHUI, 1, 0, 130, 22000, 0, 1, F_PV},
    {"麦语", H_BAKERY, SP_WANHUI, 0, 0, 140, 12000, 0, 0, 0},
    {"栖木", O_FURNITURE, SP_WANHUI, 0, 0, 180, 26000, 0, 0, F_PV},
    {"锦纾", O_GARMENT, SP_WANHUI, 0, 0, 260, 15000, 0, 0, 0},
    {"筑衡", O_STEEL, SP_WANHUI, 0, 1, 150, 34000, 0, 0, F_PV},
    {"墨韵", O_PRINTING, SP_WANHUI, 0, 0, 90, 11000, 0, 0, 0},
    {"磐垣", O_CONCRETE, SP_WANHUI, 0, 0, 70, 25000, 0, 0, 0},
    /* 高端智能制造产业园 */
    {"锐擎", B_CNC, SP_HIGHEND, 1, 1, 360, 52000, 1, 1, F_PV},
    {"恒准", B_CNC, SP_HIGHEND, 1, 1, 180, 24000, 0, 1, 0},
    {"智岳", B_ROBOT, SP_HIGHEND, 1, 1, 150, 16000, 1, 0, 0},
    {"灵枢", B_ROBOT, SP_HIGHEND, 1, 0, 110, 12000, 0, 0, 0},
    {"力岱", B_HYDRAULIC, SP_HIGHEND, 1, 1, 240, 33000, 0, 1, F_PV},
    {"泰衡", B_HYDRAULIC, SP_HIGHEND, 0, 0, 120, 18000, 0, 0, 0},
    {"精钺", B_FOUNDRY, SP_HIGHEND, 0, 1, 280, 60000, 0, 1, F_WASTE_HEAT},
    {"驭风", B_POWERELEC, SP_HIGHEND, 1, 0, 140, 15000, 0, 1, F_GREEN},
    {"晟铭", B_ELECTRONIC, SP_HIGHEND, 1, 1, 200, 20000, 1, 0, F_PV},
    {"拓岩", B_CNC, SP_HIGHEND, 0, 0, 90, 14000, 0, 0, 0},
    /* 农业机械装备制造产业园 */
    {"穗丰", B_TRACTOR, SP_AGRIMACH, 1, 1, 480, 110000, 1, 1, F_PV},
    {"垦锋", B_AGRIMACH, SP_AGRIMACH, 1, 1, 260, 56000, 0, 1, F_PV},
    {"田骏", B_AGRIMACH, SP_AGRIMACH, 1, 0, 180, 38000, 0, 0, 0},
    {"耘川", B_AGRIMACH, SP_AGRIMACH, 0, 0, 130, 26000, 0, 0, 0},
    {"犁晨", B_FOUNDRY, SP_AGRIMACH, 0, 0, 160, 36000, 0, 0, 0},
    {"沃岭", B_TRACTOR, SP_AGRIMACH, 1, 0, 220, 48000, 0, 1, 0},
    /* 豆谷融合创新示范园 */
    {"谷然", H_SOY, SP_DOUGU, 1, 1, 320, 46000, 1, 1, F_PV | F_GREEN},
    {"菽香", H_SOY, SP_DOUGU, 0, 1, 180, 28000, 0, 1, F_PV},
    {"禾沐", H_OIL, SP_DOUGU, 1, 0, 150, 40000, 0, 1, 0},
    {"悦菽", H_DRINK, SP_DOUGU, 0, 0, 200, 30000, 0, 0, F_PV},
    {"康禾", H_NUTRITION, SP_DOUGU, 1, 1, 130, 16000, 0, 1, 0},
    {"膳谷", H_SOY, SP_DOUGU, 0, 0, 110, 15000, 0, 0, 0},
    {"润泉", H_DRINK, SP_DOUGU, 0, 0, 90, 14000, 0, 0, 0},
    {"麦丰", H_BAKERY, SP_DOUGU, 0, 0, 100, 9000, 0, 0, 0},
    {"植萃", H_NUTRITION, SP_DOUGU, 0, 0, 80, 9000, 0, 0, 0},
};

/* R&D platform names by level, used in turn ("<brand><product><kind>（示例）"). */
static const char *const rd_provincial_kinds[] = {"省级企业技术中心", "省级工程技术研究中心",
						  "省级工程研究中心"};
static const char *const rd_municipal_kinds[] = {"市级企业技术中心", "市级工程技术研究中心",
						 "市级重点实验室", "市级“一企一技术”研发中心"};

struct innovation_def {
	const char *name;
	const char *host; /* the brand of the enterprise, or NULL for a park-level platform */
	enum platform_level level;
	int year;
};

static const struct innovation_def
    innovation[DEMO_INNOVATION_PROVINCIAL + DEMO_INNOVATION_MUNICIPAL] = {
	{"山亭经济开发区科技企业孵化器（示例）", NULL, LEVEL_PROVINCIAL, 2019},
	{"翼云科创园众创空间（示例）", NULL, LEVEL_PROVINCIAL, 2020},
	{"豆谷融合创新示范园中小企业公共服务示范平台（示例）", NULL, LEVEL_PROVINCIAL, 2021},
	{"岚峰碳素新材料省级技术创新中心（示例）", "岚峰", LEVEL_PROVINCIAL, 2022},
	{"穗丰农业机械省级工业设计中心（示例）", "穗丰", LEVEL_PROVINCIAL, 2021},
	{"空港产业园科技企业孵化器（示例）", NULL, LEVEL_MUNICIPAL, 2018},
	{"农业机械装备制造产业园创新创业共同体（示例）", NULL, LEVEL_MUNICIPAL, 2022},
	{"新能源汽车装备制造园中试基地（示例）", NULL, LEVEL_MUNICIPAL, 2023},
	{"锐擎数控机床市级工业设计中心（示例）", "锐擎", LEVEL_MUNICIPAL, 2020},
	{"谷然豆业食品市级众创空间（示例）", "谷然", LEVEL_MUNICIPAL, 2021},
};

/* ---- monthly shapes (index 0 = January) ---- */

/* Industrial output by month, mean 1: the Spring Festival dip in February and the
 * year-end push (assumption after the usual shape of 规上工业 monthly output). */
static const double season_industry[12] = {0.92, 0.72, 1.00, 1.02, 1.03, 1.05,
					   0.98, 0.98, 1.05, 1.00, 1.08, 1.17};
/* Food: festival peaks before the Spring Festival and at Mid-Autumn. */
static const double season_food[12] = {1.12, 0.80, 0.95, 0.95, 0.97, 0.98,
				       0.95, 1.00, 1.08, 1.00, 1.05, 1.15};
/* Weather-driven electricity (cooling in summer, some heating in winter); sums to 1. */
static const double hvac_share[12] = {0.13, 0.10, 0.05, 0.03, 0.04, 0.09,
				      0.15, 0.14, 0.06, 0.03, 0.06, 0.12};
/* Space heating: the 枣庄 heating season runs 15 November to 15 March; sums to 1. */
static const double heating_share[12] = {0.27, 0.22, 0.13, 0, 0, 0, 0, 0, 0, 0, 0.12, 0.26};
/* Rooftop PV yield at about 35.1°N (kWh per kWp; 1174 a year): an assumption in
 * the range of PVGIS-type estimates for southern Shandong (1100-1300). */
static const double pv_kwh_per_kwp[12] = {72, 82, 108, 122, 132, 120, 104, 103, 99, 92, 74, 66};

/* ---- CSV text ---- */

/* Appends s as one CSV field (quoted when it holds a comma, quote or line break). */
static int csv_field(struct buf *b, const char *s)
{
	int rc;

	if (!strpbrk(s, ",\"\r\n"))
		return buf_adds(b, s);
	if ((rc = buf_addc(b, '"')) != GP_OK)
		return rc;
	for (; *s; s++) {
		if (*s == '"' && (rc = buf_addc(b, '"')) != GP_OK)
			return rc;
		if ((rc = buf_addc(b, *s)) != GP_OK)
			return rc;
	}
	return buf_addc(b, '"');
}

/* ---- one enterprise ---- */

struct profile {
	const struct enterprise_def *def;
	const struct archetype *a;
	char uscc[USCC_LEN + 1];
	char name[NAME_MAX_BYTES + 1];
	int64_t employees;
	double land_m2;
	double output_wan[YEARS]; /* output (or revenue) of each year, 万元 */
	double intensity[YEARS];  /* energy per output relative to 2022 */
	double elec_scale, fuel_scale, water_scale, waste_scale;
	double value_added, revenue, tax_rate, high_tech_share;
	double pv_kwp; /* rooftop PV capacity */
	int pv_from;   /* month index (0 = first month) from which it runs; may be < 0 */
	double pv_self_use;
	int green_ordinal; /* -1: buys no green power */
	double green_scale;
	double recovery; /* share of recoverable waste heat recovered in the first year */
};

/* The demo's USCCs: 9 (registered by market regulation) 1 (enterprise) 370406
 * (山亭区), subject identifier "MADM" + 4 digits + 'Y', then the GB 32100-2015 check
 * character. The subject identifier's ninth character is a GB 11714-1997 check
 * character, which is only ever 0-9 or X, so no issued code ends its subject
 * identifier with 'Y': the demo can never name a real enterprise. */
static void demo_uscc(size_t index, char out[USCC_LEN + 1])
{
	char check;

	str_fmt(out, USCC_LEN + 1, "91370406MADM%04zuY", index + 1);
	(void)uscc_check_char(out, &check); /* the charset holds every character used */
	out[17] = check;
	out[18] = '\0';
}

static void profile_init(struct profile *p, size_t index, uint64_t seed)
{
	const struct enterprise_def *d = &enterprises[index];
	const struct archetype *a = &archetypes[d->archetype];
	struct rng r;
	double out0;

	memset(p, 0, sizeof(*p));
	p->def = d;
	p->a = a;
	rng_stream(&r, seed, index);
	demo_uscc(index, p->uscc);
	str_fmt(p->name, sizeof(p->name), "%s%s%s%s", d->brand, a->product,
		d->employees >= 400 ? "股份有限公司" : "有限公司", ENTERPRISE_NAME_SUFFIX);
	p->employees = (int64_t)(d->employees * rng_noise(&r, 0.15) + 0.5);
	p->land_m2 = 100.0 * (double)(int64_t)(d->land_m2 * rng_noise(&r, 0.10) / 100.0 + 0.5);

	/* Output grows 0-15 % a year (工业倍增 ambitions, not every firm keeps up);
	 * energy intensity falls 1-4 % a year (efficiency work). */
	out0 = (double)p->employees * a->output_per_employee * rng_noise(&r, 0.2);
	p->output_wan[0] = out0;
	p->intensity[0] = 1;
	{
		double eff = rng_range(&r, 0.01, 0.04);
		for (int k = 1; k < YEARS; k++) {
			p->output_wan[k] = p->output_wan[k - 1] * rng_range(&r, 1.00, 1.15);
			p->intensity[k] = p->intensity[k - 1] * (1 - eff);
		}
	}
	p->elec_scale = rng_noise(&r, 0.15);
	p->fuel_scale = rng_noise(&r, 0.15);
	p->water_scale = rng_noise(&r, 0.20);
	p->waste_scale = rng_noise(&r, 0.20);
	p->value_added = a->value_added * rng_noise(&r, 0.10);
	p->revenue = rng_range(&r, 0.94, 1.03);
	p->tax_rate = rng_range(&r, 0.025, 0.05);
	p->high_tech_share = d->high_tech ? rng_range(&r, 0.60, 0.90) : 0;

	/* Rooftop PV: roofs cover ~35 % of the plot, ~55 % of roof is usable, 0.12
	 * kWp/m² of panel area; 75-90 % of the yield is used on site. Installed in three
	 * waves so that the park's PV grows 2022 → 2024. */
	if (d->flags & F_PV) {
		int wave = 0;
		for (size_t i = 0; i < index; i++)
			wave += (enterprises[i].flags & F_PV) != 0;
		p->pv_kwp = p->land_m2 * 0.35 * 0.55 * 0.12 * rng_noise(&r, 0.2);
		p->pv_self_use = rng_range(&r, 0.75, 0.90);
		switch (wave % 3) {
		case 0: p->pv_from = -(int)rng_range(&r, 1, 12); break;  /* before 2022 */
		case 1: p->pv_from = (int)rng_range(&r, 2, 18); break;   /* 2022-03..2023-06 */
		default: p->pv_from = (int)rng_range(&r, 14, 30); break; /* 2023-03..2024-06 */
		}
	}
	p->green_ordinal = -1;
	if (d->flags & F_GREEN) {
		p->green_ordinal = 0;
		for (size_t i = 0; i < index; i++)
			p->green_ordinal += (enterprises[i].flags & F_GREEN) != 0;
		p->green_scale = rng_noise(&r, 0.2);
	}
	p->recovery = rng_range(&r, 0.35, 0.50);
}

/* Where the rows of one enterprise go. */
struct emitter {
	struct buf *b;
	const char *uscc;
	int year, month;
	size_t rows;
	int rc;
};

/* Writes one row with q rounded to decimals (0-4), unless it rounds to zero and the
 * item is not one written every month (always). */
static void emit(struct emitter *e, const char *item, double q, int decimals, const char *unit,
		 bool always)
{
	static const double half_unit[] = {0.5, 0.05, 0.005, 0.0005, 0.00005};

	if (e->rc != GP_OK || (!always && q < half_unit[decimals]))
		return;
	e->rc = buf_addf(e->b, "%s,%04d-%02d,%s,%.*f,%s\n", e->uscc, e->year, e->month, item,
			 decimals, q, unit);
	if (e->rc == GP_OK)
		e->rows++;
}

/* The three-year monthly ledger of one enterprise, in (period, item) order with
 * items in data/items.csv order (the order the store's key sorts in). */
static int profile_ledger(const struct profile *p, size_t index, uint64_t seed, struct buf *b,
			  size_t *rows)
{
	const struct archetype *a = p->a;
	bool food = a->leading == LEADING_HEALTH_FOOD;
	bool industrial = a->industry_code[0] == 'C';
	struct emitter e = {b, p->uscc, 0, 0, 0, GP_OK};
	struct rng r;

	/* A stream of its own, apart from the one profile_init drew from. */
	rng_stream(&r, seed ^ 0x5DEECE66DULL, index);
	for (int t = 0; t < MONTHS && e.rc == GP_OK; t++) {
		int k = t / 12, m = t % 12;
		double season = (food ? season_food : season_industry)[m];
		double prod = season / 12.0 * rng_noise(&r, 0.03); /* share of the year */
		double out = p->output_wan[k] * prod;
		double year_elec =
		    p->output_wan[k] * a->kwh_per_wan * p->elec_scale * p->intensity[k];
		double year_fuel =
		    p->output_wan[k] * a->fuel_tce_per_wan * p->fuel_scale * p->intensity[k];
		/* 煤改气: 30 % of the 2022 coal moves to gas in each later year. */
		double coal_share = a->coal * (1 - 0.3 * k), gas_share = a->gas + a->coal * 0.3 * k;
		double sh = a->space_heating;
		double fuel_shape = (1 - sh) * prod + sh * heating_share[m];
		double elec = year_elec * ((1 - a->hvac) * prod + a->hvac * hvac_share[m]) *
			      rng_noise(&r, 0.02);
		double gas_m3 =
		    year_fuel * gas_share * GJ_PER_TCE_DEMO / GAS_GJ_PER_M3 * fuel_shape;
		double coal_t =
		    year_fuel * coal_share * GJ_PER_TCE_DEMO / BITUMINOUS_GJ_PER_T * fuel_shape;
		double diesel_t = year_fuel * a->diesel / DIESEL_TCE_PER_T * prod;
		double lpg_t = year_fuel * a->lpg / LPG_TCE_PER_T * prod;
		double heat_gj = year_fuel * a->heat / HEAT_TCE_PER_GJ *
				 ((1 - sh / 2) * prod + sh / 2 * heating_share[m]);
		double pv = 0, green = 0, water, reuse, solid, util, haz, fuel_gj;

		e.year = DEMO_FIRST_YEAR + k;
		e.month = m + 1;
		if (p->pv_kwp > 0 && t >= p->pv_from) {
			pv = p->pv_kwp * pv_kwh_per_kwp[m] * rng_noise(&r, 0.10) * p->pv_self_use;
			if (pv > 0.6 * elec)
				pv = 0.6 * elec; /* the rest would be exported; not modelled */
		}
		if (p->green_ordinal >= 0) {
			/* two buyers start in July 2022, the others in 2023 */
			static const double share[YEARS] = {0.08, 0.15, 0.25};
			if (k > 0 || (p->green_ordinal < 2 && m >= 6))
				green = elec * share[k] * p->green_scale;
		}
		emit(&e, "electricity_grid", elec - pv - green, 0, "kWh", true);
		emit(&e, "electricity_green_traded", green, 0, "kWh", false);
		emit(&e, "electricity_onsite_renewable", pv, 0, "kWh", false);
		emit(&e, "bituminous", coal_t, 2, "t", false);
		emit(&e, "diesel", diesel_t, 3, "t", false);
		emit(&e, "lpg", lpg_t, 3, "t", false);
		emit(&e, "natural_gas", gas_m3, 0, "m3", false);
		emit(&e, "heat_purchased", heat_gj, 1, "GJ", false);
		emit(&e, "process_co2", out * a->process_t_per_wan * rng_noise(&r, 0.05), 1, "tCO2",
		     false);

		/* water: 2 % less per 万元 each year, reuse up 1 point a year */
		water = out * a->water_m3_per_wan * p->water_scale * (1 - 0.02 * k) *
			rng_noise(&r, 0.05);
		reuse = a->reuse > 0 ? a->reuse + 0.01 * k : 0;
		emit(&e, "water_withdrawal", water, 0, "m3", false);
		emit(&e, "water_reused", reuse > 0 ? water * reuse / (1 - reuse) : 0, 0, "m3",
		     false);
		solid = out * a->solid_t_per_wan * p->waste_scale * rng_noise(&r, 0.10);
		util = a->solid_utilized + 0.005 * k;
		emit(&e, "solid_waste_generated", solid, 2, "t", false);
		emit(&e, "solid_waste_utilized", solid * (util < 0.995 ? util : 0.995), 2, "t",
		     false);
		haz = out * a->hazardous_t_per_wan * p->waste_scale * rng_noise(&r, 0.15);
		emit(&e, "hazardous_waste_generated", haz, 3, "t", false);
		emit(&e, "hazardous_waste_disposed", haz * rng_range(&r, 0.90, 1.0), 3, "t", false);
		if (p->def->flags & F_WASTE_HEAT) {
			/* ~20 % of the fuel energy is recoverable (flue gas, cooling); the
			 * share recovered rises 10 points a year */
			fuel_gj = gas_m3 * GAS_GJ_PER_M3 + coal_t * BITUMINOUS_GJ_PER_T + heat_gj;
			emit(&e, "waste_energy_available", fuel_gj * 0.20, 1, "GJ", false);
			emit(&e, "waste_energy_recovered",
			     fuel_gj * 0.20 * (p->recovery + 0.10 * k), 1, "GJ", false);
		}

		if (industrial)
			emit(&e, "output_value", out, 2, "万元", true);
		emit(&e, "value_added", out * p->value_added * rng_noise(&r, 0.02), 2, "万元",
		     true);
		emit(&e, "revenue", out * p->revenue * rng_noise(&r, 0.04), 2, "万元", true);
		emit(&e, "tax_paid", out * p->revenue * p->tax_rate * rng_noise(&r, 0.10), 2,
		     "万元", false);
		if (industrial && p->def->high_tech)
			emit(&e, "high_tech_output", out * p->high_tech_share, 2, "万元", false);

		/* pollutants, t: 80 % of withdrawn water is discharged at cod_mg_l
		 * (1 mg/L = 1e-6 t/m3); SO2 and NOx per unit of fuel after controls */
		emit(&e, "cod", water * 0.8 * a->cod_mg_l * 1e-6, 4, "t", false);
		emit(&e, "so2", coal_t * 0.001 + diesel_t * 0.0002 + gas_m3 * 1e-8, 4, "t", false);
		emit(&e, "nox", coal_t * 0.0015 + gas_m3 * 5e-7 + diesel_t * 0.03 + lpg_t * 0.002,
		     4, "t", false);
	}
	*rows += e.rows;
	return e.rc;
}

/* ---- public ---- */

void demo_park(struct park *out)
{
	str_copy(out->name, sizeof(out->name), "山亭经济开发区");
	str_copy(out->region, sizeof(out->region), "山东省枣庄市山亭区");
	str_copy(out->grid, sizeof(out->grid), "north");
	out->land_km2 = 12.6; /* sample value (docs/demo.md), not a published figure */
	str_copy(out->timezone, sizeof(out->timezone), "Asia/Shanghai");
	out->sample = true; /* every page that shows it says 示例数据 (0002_users.sql) */
}

static int write_platforms(const struct profile *profiles, struct demo_data *d)
{
	struct buf *b = &d->platforms_csv;
	int rc = buf_adds(b, "name,level,kind,uscc,year\n");
	size_t np = 0, nm = 0;

	for (size_t i = 0; i < DEMO_ENTERPRISES && rc == GP_OK; i++) {
		const struct profile *p = &profiles[i];
		const struct enterprise_def *e = p->def;
		int prov_year = 0;
		for (int j = 0; j < e->rd_provincial && rc == GP_OK; j++, np++) {
			prov_year = 2016 + (int)((np * 3) % 8);
			rc = buf_addf(b, "%s%s%s（示例）,provincial,rd,%s,%d\n", e->brand,
				      p->a->product, rd_provincial_kinds[np % 3], p->uscc,
				      prov_year);
			d->platforms++;
		}
		for (int j = 0; j < e->rd_municipal && rc == GP_OK; j++, nm++) {
			/* recognised by the city before the province, where both */
			int year = prov_year ? prov_year - 2 : 2014 + (int)((nm * 7) % 10);
			rc = buf_addf(b, "%s%s%s（示例）,municipal,rd,%s,%d\n", e->brand,
				      p->a->product, rd_municipal_kinds[nm % 4], p->uscc, year);
			d->platforms++;
		}
	}
	for (size_t i = 0; i < sizeof(innovation) / sizeof(innovation[0]) && rc == GP_OK; i++) {
		const struct innovation_def *v = &innovation[i];
		const char *uscc = "";
		for (size_t j = 0; v->host && j < DEMO_ENTERPRISES; j++)
			if (strcmp(profiles[j].def->brand, v->host) == 0)
				uscc = profiles[j].uscc;
		rc = buf_addf(b, "%s,%s,innovation,%s,%d\n", v->name, platform_level_name(v->level),
			      uscc, v->year);
		d->platforms++;
	}
	return rc;
}

int demo_generate(uint64_t seed, struct demo_data *out, struct gp_err *err)
{
	struct profile *profiles = xcalloc(DEMO_ENTERPRISES, sizeof(*profiles));
	struct buf *eb = &out->enterprises_csv;
	int rc;

	memset(out, 0, sizeof(*out));
	buf_init(&out->enterprises_csv, REGISTRY_TEXT_MAX);
	buf_init(&out->platforms_csv, REGISTRY_TEXT_MAX);
	buf_init(&out->activity_csv, ACTIVITY_TEXT_MAX);
	for (size_t i = 0; i < DEMO_ENTERPRISES; i++)
		profile_init(&profiles[i], i, seed);

	rc = buf_adds(eb, "uscc,name,subpark,industry_code,leading_industry,high_tech,srdi,"
			  "employees,land_m2\n");
	for (size_t i = 0; i < DEMO_ENTERPRISES && rc == GP_OK; i++) {
		const struct profile *p = &profiles[i];
		if ((rc = buf_addf(eb, "%s,", p->uscc)) == GP_OK &&
		    (rc = csv_field(eb, p->name)) == GP_OK)
			rc = buf_addf(eb, ",%s,%s,%s,%d,%d,%lld,%.0f\n",
				      subpark_names[p->def->subpark], p->a->industry_code,
				      leading_industry_name(p->a->leading), p->def->high_tech,
				      p->def->srdi, (long long)p->employees, p->land_m2);
		out->enterprises++;
	}
	if (rc == GP_OK)
		rc = write_platforms(profiles, out);
	if (rc == GP_OK)
		rc = buf_adds(&out->activity_csv, "uscc,period,item,quantity,unit\n");
	for (size_t i = 0; i < DEMO_ENTERPRISES && rc == GP_OK; i++)
		rc = profile_ledger(&profiles[i], i, seed, &out->activity_csv, &out->activity_rows);
	free(profiles);
	if (rc != GP_OK) {
		demo_data_release(out);
		return gp_err_set(err, rc, "demo: the generated text passed its cap (%s)",
				  gp_status_name((enum gp_status)rc));
	}
	return GP_OK;
}

void demo_data_release(struct demo_data *d)
{
	buf_release(&d->enterprises_csv);
	buf_release(&d->platforms_csv);
	buf_release(&d->activity_csv);
	d->enterprises = d->platforms = d->activity_rows = 0;
}
