"""Every zh/en text of the interface that is not content, in one table, and its one lookup.

Content (titles, figures, stories) comes from content/*.toml; this table holds the words of the
interface around it: buttons, captions, the presenter's keys, the handout's headings. A key is
"<where>.<what>"; a text may hold ``{name}`` fields, filled by :func:`text`. No Qt.
"""

from __future__ import annotations

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {  # key -> (zh, en)
    # figures: qualifiers, and where they come from
    "figures.source": ("数据来源：", "Source: "),
    "figures.words": ("{value}，{label}", "{value}, {label}"),  # a figure in words: value, then what it counts
    "qualifier.over": ("超过", "over"),
    "qualifier.nearly": ("近", "nearly"),
    "qualifier.under": ("不到", "under"),
    # the shell's top bar
    "shell.home": ("首页", "Home"),
    "shell.back": ("返回", "Back"),
    "shell.lang_button": ("English", "中文"),
    "shell.switch_lang": ("切换语言", "Switch language"),
    "shell.access": ("无障碍设置", "Accessibility"),
    "shell.access_hint": ("大字、高对比度、减少动效", "Larger text, high contrast, reduce motion"),
    # the accessibility panel
    "access.title": ("无障碍设置", "Accessibility"),
    "access.text_size": ("文字大小", "Text size"),
    "access.contrast": ("高对比度", "High contrast"),
    "access.motion": ("减少动效", "Reduce motion"),
    "access.on": ("开", "On"),
    "access.setting": ("{name}：{state}", "{name}: {state}"),
    "access.off": ("关", "Off"),
    "access.reset": ("恢复默认", "Reset"),
    "access.close": ("关闭", "Close"),
    "access.hint": ("离开一段时间后自动恢复默认", "Back to normal when the screen is left idle"),
    "access.contrast_hint": ("黑色背景、白色文字、更粗的边框", "Black background, white text, thicker outlines"),
    "access.motion_hint": ("数字与图表直接显示，不再播放动画", "Figures and charts appear at once, without animation"),
    # home
    "home.events_unit": ("个事件", "events"),
    "home.honours_unit": ("项荣誉", "honours"),
    # the attract loop
    # theme pages and their charts
    "theme.computed": ("计算值", "computed"),
    "theme.more": ("更多数字", "More figures"),
    "theme.stories": ("故事", "Stories"),
    "theme.more_stories": ("更多故事", "More stories"),
    "theme.read_more": ("阅读全文", "Read more"),
    "theme.read_more_about": ("阅读全文：{title}", "Read more: {title}"),
    "theme.close": ("关闭", "Close"),
    "theme.on_timeline": ("在时间轴上查看", "See it on the timeline"),
    "chart.share_caption": ("占比（计算值）", "share (computed)"),
    "chart.change_caption": ("变化（计算值）", "change (computed)"),
    "chart.share_stated_caption": ("占比（报道数据）", "share (as reported)"),
    "chart.share": ("占比", "Share"),
    "chart.change": ("变化", "Change"),
    "chart.table": ("表格", "Table"),
    "chart.chart": ("图表", "Chart"),
    "chart.as_table": ("以表格显示", "Show as a table"),
    "chart.as_chart": ("以图表显示", "Show as a chart"),
    "chart.item": ("项目", "Item"),
    "chart.value": ("数值", "Value"),
    # the timeline
    "timeline.title": ("大事记", "Timeline"),
    "timeline.jump": ("跳转", "Jump to"),
    "timeline.themes": ("主题", "Themes"),
    "timeline.all": ("全部", "All"),
    "timeline.zoom_in": ("放大", "Zoom in"),
    "timeline.zoom_out": ("缩小", "Zoom out"),
    "timeline.close": ("关闭", "Close"),
    "timeline.prev": ("上一条", "Previous"),
    "timeline.next": ("下一条", "Next"),
    "timeline.view_theme": ("查看主题：{theme}", "View theme: {theme}"),
    "timeline.zoom_here": ("放大这一段", "Zoom in here"),
    "timeline.count": ("{n} 项大事", "{n} events"),
    "timeline.empty": ("这一主题暂无大事记", "No events for this theme yet"),
    "timeline.overview": ("时间全览：1954–2022年，点按跳转", "Overview of 1954–2022: tap to go there"),
    "timeline.overview_shows": ("正在看 {years} 年", "Showing {years}"),
    # the honours wall and an honour's detail (ui/honours.py, ui/honour_detail.py)
    "honours.level.national": ("国家级", "National"),
    "honours.level.provincial": ("省级", "Provincial"),
    "honours.level.provincial-and-city": ("省、市两级", "Province and city"),
    "honours.level.city": ("市级", "City"),
    "honours.period": ("{period}期间", "{period}"),
    "honours.years_running": ("连续 {n} 年", "{n} years running"),
    "honours.times": ("{n} 次获评", "awarded {n} times"),
    "honours.more": ("轻触了解", "Tap to read"),
    "honours.back": ("返回荣誉榜", "Back to the honours"),
    "honours.view_event": ("时间轴上的相关大事：{event}", "On the timeline: {event}"),
    "honours.card_hint": ("轻触查看这项荣誉表彰的是什么", "Tap to see what this honour recognises"),
    # the presenter's steps and console
    "step.home": ("首页", "Home"),
    "step.headline": ("标题", "Headline"),
    "step.figure": ("数字", "Figure"),
    "step.chart": ("图表", "Chart"),
    "step.story": ("故事", "Story"),
    "step.event": ("大事", "Key event"),
    "step.honour": ("荣誉", "Honour"),
    "step.screen": ("页面", "Screen"),
    "step.home_notes": ("{subtitle}\n\n主题：{themes}。\n\n{credits}", "{subtitle}\n\nThemes: {themes}.\n\n{credits}"),
    "console.now": ("当前", "Now"),
    "console.next": ("下一步", "Next"),
    "console.notes": ("讲稿", "Speaker notes"),
    "console.end": ("演示结束", "End of the presentation"),
    "console.next_screen": ("下一屏：", "Next screen: "),
    "console.last_screen": ("这是最后一屏", "This is the last screen"),
    "console.step": ("第 {n} / {of} 步", "step {n} of {of}"),
    "console.pause": ("暂停", "Pause"),
    "console.resume": ("继续", "Resume"),
    "console.reset": ("归零", "Reset"),
    "console.prev_btn": ("◀  上一步", "◀  Previous"),
    "console.next_btn": ("下一步  ▶", "Next  ▶"),
    "console.black_btn": ("黑屏 (B)", "Black (B)"),
    "console.unblank_btn": ("恢复画面 (B)", "Show again (B)"),
    "console.help_btn": ("按键 (?)", "Keys (?)"),
    "console.black": ("观众屏幕：黑屏", "Audience screen: BLACK"),
    "console.white": ("观众屏幕：白屏", "Audience screen: WHITE"),
    "console.off_plan": ("不在演示顺序中（按 → 返回）", "not in the presentation (→ returns)"),
    "console.elapsed": ("用时", "Elapsed"),
    "console.clock": ("时间", "Clock"),
    "console.rendering": ("正在生成预览…", "Preparing preview…"),
    "console.audience": ("观众屏幕", "Audience screen"),
    "console.steps": ("本屏各步（点按跳转）", "Steps on this screen (tap to jump)"),
    "console.pointer_btn": ("激光笔 (Z)", "Pointer (Z)"),
    "console.title": ("演讲者视图", "Presenter console"),
    "presenter.notes": ("讲稿", "Notes"),
    "presenter.help_title": ("演讲模式按键", "Presenter keys"),
    "presenter.help.next": ("下一步：显示下一个数字或图表，然后下一屏",
                            "Next step: the next figure or chart, then the next screen"),
    "presenter.help.previous": ("上一步（完整显示该步）", "Previous step (shown complete)"),
    "presenter.help.first_last": ("第一屏 / 最后一屏", "First / last screen"),
    "presenter.help.themes": ("跳到主题 1 … 5", "Jump to theme 1 … 5"),
    "presenter.help.jumps": ("时间轴 / 荣誉 / 首页", "Timeline / honours / home"),
    "presenter.help.black": ("黑屏（再按一次返回）", "Black screen (press again to return)"),
    "presenter.help.white": ("白屏（再按一次返回）", "White screen (press again to return)"),
    "presenter.help.lang": ("切换语言", "Switch language"),
    "presenter.help.notes": ("显示或隐藏讲稿（单屏时）", "Show or hide the speaker notes (one screen)"),
    "presenter.help.full_screen": ("全屏开关", "Full screen on or off"),
    "presenter.help.timer": ("计时暂停或继续 / 计时归零", "Pause or resume the timer / reset it"),
    "presenter.help.pointer": ("按住：观众屏幕上显示激光点，跟随鼠标或触摸",
                               "Hold: a laser dot on the audience screen that follows the mouse or a touch"),
    "presenter.help.help": ("本按键列表", "This list of keys"),
    "presenter.help.escape": ("关闭浮层；无浮层时连按两次退出（会提示）",
                              "Close an overlay; with none, press twice to quit (asks first)"),
    "presenter.help.quit": ("退出", "Quit"),
    "presenter.help_footer": ("黑屏或白屏时，按任一步进键回到同一步（不会前进）；跳转键返回并跳转。",
                              ("While the screen is black or white, a step key returns to the same step (it "
                               "does not advance); a jump key returns and jumps.")),
    "presenter.quit": ("再按一次 Esc 退出", "Press Esc again to quit"),
    "presenter.quit_hint": ("按其他任意键继续演示", "Any other key keeps presenting"),
    # the self-running tour (ui/tour.py): its home tile, caption bar and pause offer
    # its tile's start line, with the length computed from its plan (app.tour_length); "min" in
    # English, right for any length, and one line on the portrait tile where "minutes" wrapped
    "tour.title": ("{minutes} 分钟看懂芦淞", "Lusong in {minutes} min"),
    "tour.title_untimed": ("看懂芦淞", "Lusong at a glance"),  # where the app gives no length
    "tour.tile": ("自动导览", "Guided tour"),
    # the line under the start line: its stops, and that it plays by itself (one line on the
    # narrowest tile: the portrait one beside the timeline; "touch to pause" is heard)
    "tour.stops": ("{steps} 站 · 自动播放", "{steps} stops, plays by itself"),
    "tour.progress": ("第 {n} / {total} 步", "{n} of {total}"),
    "tour.touch_to_pause": ("触摸暂停", "Touch to pause"),
    "tour.paused": ("导览已暂停", "Tour paused"),
    "tour.continue": ("继续导览", "Continue the tour"),
    "tour.explore": ("从这里自由探索", "Explore from here"),
    "tour.leave": ("退出导览，回到首页", "Leave the tour (home)"),
    # the kiosk's screen when it has no content it may show
    "unavailable.title": ("暂停服务", "Temporarily unavailable"),
    # the kiosk's technician PIN pad
    "kiosk.pin": ("技术人员 PIN", "Technician PIN"),
    "kiosk.cancel": ("取消", "Cancel"),
    "kiosk.wait": ("请稍后再试", "Wait, then try again"),
    "kiosk.wrong_pin": ("PIN 错误", "Wrong PIN"),
    # the printable handout
    "handout.contents": ("目录", "Contents"),
    "handout.highlights": ("关键数字", "Key figures"),
    "handout.charts": ("图表", "Charts"),
    "handout.stories": ("故事", "Stories"),
    "handout.more": ("更多数字", "More figures"),
    "handout.about": ("资料来源与致谢", "Source and credits"),
    "handout.publisher": ("出处：", "Published in: "),
    "handout.sections": ("报道各部分", "Parts of the feature"),
    "handout.credits": ("致谢", "Credits"),
    "handout.font": ("字体", "Typeface"),
    "handout.font_text": (("Lusong Sans SC：思源黑体（Noto Sans CJK SC）的子集，更名以免与系统字体混淆；"
                           "SIL 开放字体许可证 1.1；已嵌入本文件。"),
                          ("Lusong Sans SC: a subset of Noto Sans CJK SC, renamed so it is never mistaken for a "
                           "system font; SIL Open Font License 1.1; embedded in this file.")),
    "handout.made": ("由 lusong-kiosk {v} 生成，数字与展项中的完全一致。",
                     "Made with lusong-kiosk {v}; every figure is the one the exhibition shows."),
    "handout.page": ("第 {n} 页，共 {total} 页", "Page {n} of {total}"),
    # the analytics report (stats): names of what was recorded
    "stats.lang.zh": ("中文", "Chinese"),
    "stats.lang.en": ("英文", "English"),
    # the tour's panel of the stats chart (analytics/tables.py)
    "stats.tour.started": ("开始", "started"),
    "stats.tour.completed": ("看完", "completed"),
    "stats.tour.left": ("中途离开", "left"),
    "stats.tour.summary": ("开始 {started} 次 · 看完 {completed} 次（{share}）· 中途离开 {left} 次",
                           "{started} started · {completed} completed ({share}) · {left} left before the end"),
    "stats.tour.left_at": ("每一步中途离开的次数", "Tours left at each step"),
    "stats.tour.counts": ("开始与看完的次数", "Tours started and completed"),
    "stats.tour.gone": ("当前内容的导览里没有的一步", "a step not in the content's tour"),
    "stats.tour.none": ("这段时间没有人开始导览", "No tour was started in this period"),
    # the tour's rows of the stats CSV
    "stats.csv.tour_started": ("导览开始", "tours started"),
    "stats.csv.tour_completed": ("导览看完", "tours completed"),
    "stats.csv.tour_left": ("导览中途离开", "tours left before the end"),
}


def text(key: str, lang: str, **fields: object) -> str:
    """The interface text ``key`` in ``lang`` ("zh"; anything else reads as "en"), its
    ``{name}`` fields filled from ``fields``. An unknown key raises KeyError."""
    zh, en = STRINGS[key]
    out = zh if lang == "zh" else en
    return out.format(**fields) if fields else out


def both(key: str, first: str = "zh", sep: str = " · ", **fields: object) -> str:
    """The interface text ``key`` in both languages, ``first`` first and the other after
    ``sep``: for what speaks to whoever passes before anyone chose a language (the tour, the
    attract loop) and for the stats, which list both."""
    other = "en" if first == "zh" else "zh"
    return f"{text(key, first, **fields)}{sep}{text(key, other, **fields)}"


__all__ = ["LANGS", "STRINGS", "both", "text"]
