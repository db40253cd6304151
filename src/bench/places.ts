/**
 * Real place names for the synthetic corpus, so that generated plans read like the plans of other
 * provinces, prefectures and counties (and the analyzer meets realistic proper nouns).
 */
import type { Level } from "../model.ts";

export interface Place {
  /** Full name as it opens a title: 白山市, 黑龙江省, 延吉市. */
  name: string;
  /** Short form used in 文号 (白山政发〔2023〕5号) and running text. */
  short: string;
  level: Level;
  /** The suffix that 全省 / 我省 / 省委 become: 省, 市, 州, 县, 区. */
  unit: string;
}

function mk(level: Level, names: string): Place[] {
  return names.split(/\s+/).filter(Boolean).map((name) => {
    const unit = name.endsWith("自治州") ? "州" : name.slice(-1);
    const short = name.replace(/((朝鲜|苗|侗|土家|白|藏|满|蒙古)族)+自治(州|县)$|(省|市|州|县|区|盟)$/u, "").replace(/^前郭尔罗斯$/, "前郭");
    return { name, short, level, unit };
  });
}

export const PLACES: Place[] = [
  ...mk("province", "黑龙江省 辽宁省 河北省 山西省 山东省 河南省 湖北省 湖南省 江西省 安徽省 江苏省 浙江省 福建省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省"),
  ...mk(
    "prefecture",
    "长春市 吉林市 四平市 辽源市 通化市 白山市 松原市 白城市 哈尔滨市 齐齐哈尔市 牡丹江市 佳木斯市 大庆市 鸡西市 鹤岗市 双鸭山市 伊春市 七台河市 黑河市 绥化市 " +
      "沈阳市 大连市 鞍山市 抚顺市 本溪市 丹东市 锦州市 营口市 阜新市 辽阳市 盘锦市 铁岭市 朝阳市 葫芦岛市 石家庄市 唐山市 保定市 邯郸市 太原市 大同市 " +
      "济南市 青岛市 烟台市 潍坊市 郑州市 洛阳市 武汉市 宜昌市 襄阳市 长沙市 株洲市 南昌市 赣州市 合肥市 芜湖市 南京市 苏州市 无锡市 杭州市 宁波市 温州市 " +
      "福州市 厦门市 泉州市 广州市 深圳市 佛山市 海口市 成都市 绵阳市 贵阳市 遵义市 昆明市 西安市 宝鸡市 兰州市 西宁市 " +
      "延边朝鲜族自治州 黔东南苗族侗族自治州 恩施土家族苗族自治州 湘西土家族苗族自治州 大理白族自治州 甘孜藏族自治州",
  ),
  ...mk(
    "county",
    "延吉市 珲春市 敦化市 图们市 龙井市 和龙市 汪清县 安图县 梅河口市 公主岭市 榆树市 德惠市 农安县 舒兰市 磐石市 蛟河市 桦甸市 永吉县 " +
      "双辽市 梨树县 伊通满族自治县 东丰县 东辽县 集安市 辉南县 柳河县 通化县 临江市 抚松县 靖宇县 长白朝鲜族自治县 扶余市 乾安县 长岭县 前郭尔罗斯蒙古族自治县 " +
      "洮南市 大安市 镇赉县 通榆县 尚志市 五常市 宾县 依兰县 海伦市 安达市 肇东市 宁安市 海林市 穆棱市 东宁市 绥芬河市 抚远市 同江市 富锦市 虎林市 密山市 " +
      "新民市 庄河市 瓦房店市 海城市 凤城市 东港市 宽甸满族自治县 北镇市 兴城市 开原市 昌图县 盖州市 大石桥市 灯塔市 义县 黑山县 建平县 喀左县 " +
      "迁安市 遵化市 涿州市 定州市 晋州市 辛集市 寿光市 诸城市 胶州市 平度市 莱州市 龙口市 荣成市 巩义市 新郑市 登封市 长葛市 禹州市 " +
      "宜都市 枝江市 浏阳市 醴陵市 宁乡市 瑞金市 南康区 昆山市 江阴市 张家港市 常熟市 太仓市 义乌市 慈溪市 余姚市 诸暨市 乐清市 瑞安市 " +
      "晋江市 石狮市 南安市 福清市 顺德区 南海区 都江堰市 彭州市 仁怀市 安宁市 神木市 府谷县",
  ),
];

/** Place names that appear (白山 is left out: it is also inside 长白山) in the seeds as the issuing region or as its subdivisions. */
export const SEED_REGIONS = ["延边朝鲜族自治州", "吉林省", "延边州"];
export const SEED_SUBPLACES = ["长春", "通化", "延吉", "珲春", "敦化", "图们", "龙井", "和龙", "汪清", "安图", "辽源", "四平", "松原", "白城", "梅河口"];
