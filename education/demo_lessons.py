"""Every demo lesson gets a short generated video with Mandarin subtitles and a poster, and a quiz of its own.

The clips are made once (media/clips.py) and found by title on later runs, so running the demo again
neither re-encodes nor doubles anything.
"""

from django.core.files.base import ContentFile
from wagtailmedia.models import get_media_model

from education.models import Question, QuizAudience, QuizPage, QuizQuestion
from media.clips import make_clip, make_poster
from media.demo import make_vtt
from media.models import SubtitleTrack
from media.vtt import parse_webvtt

CLIP_SECONDS = 8
QUIZ_PASS_MARK = 60

# Per lesson slug: a one-line introduction, the subtitles shown over the clip and the question bank stems
# its quiz asks.
LESSONS = {
    "know-drugs": {
        "intro": "看一段短片，认识常见的毒品和它们的危害。",
        "cues": ["毒品不只是海洛因和冰毒。", "大麻、K粉、摇头丸也都是毒品。", "毒品会让人上瘾，伤害大脑和身体。"],
        "questions": [
            "“冰毒”的化学名称是什么？",
            "下列哪些属于我国法律规定的毒品？",
            "大麻是“天然植物”，所以吸食大麻对身体无害。",
        ],
    },
    "disguised-drugs": {
        "intro": "新型毒品换上了零食和饮料的“外衣”，学会识别它们。",
        "cues": ["新型毒品会伪装成奶茶粉、跳跳糖。", "包装再好看，也可能是毒品。", "来历不明的零食饮料，不要碰。"],
        "questions": [
            "在我国，含有毒品成分的“奶茶粉”“跳跳糖”也是毒品。",
            "新型毒品常被伪装成下列哪些样子？",
            "电子烟油里可能被掺入合成大麻素等毒品。",
        ],
    },
    "say-no": {
        "intro": "面对诱惑怎么拒绝？看完短片，练一练。",
        "cues": ["有人劝你“试一试”？", "坚定地说“不”，马上离开。", "告诉老师和家长，保护好自己。"],
        "questions": [
            "朋友劝你尝试毒品时，可以怎样拒绝？",
            "为了不被朋友看不起，可以尝试一次毒品。",
            "发现身边有人贩卖毒品，应该怎么做？",
        ],
    },
    "what-is-a-drug": {
        "intro": "毒品是什么？为什么碰不得？",
        "cues": ["毒品会伤害我们的大脑和身体。", "一旦沾上，很难摆脱。", "药品要在医生和家长指导下使用。"],
        "questions": [
            "吸毒只吸一次不会上瘾。",
            "吸食毒品是违法行为。",
            "在我国，含有毒品成分的“奶茶粉”“跳跳糖”也是毒品。",
        ],
    },
    "protect-myself": {
        "intro": "陌生人给的东西能不能吃？遇到危险怎么办？",
        "cues": ["陌生人给的东西不要吃。", "不好奇，不尝试。", "遇到危险，大声呼救，告诉大人。"],
        "questions": [
            "陌生人在网吧递给你一支“特别的烟”，你应该？",
            "发现同学可能接触毒品，应该及时告诉老师或家长。",
            "下列哪些做法可以帮助预防毒品？",
        ],
    },
}


def lesson_video(slug, title, cues):
    """The lesson's clip (made on the first run only) with its poster and Mandarin subtitles."""
    Media = get_media_model()
    media_title = f"课程视频：{title}"
    media = Media.objects.filter(title=media_title).first()
    if media is None:
        media = Media(
            title=media_title,
            type="video",
            duration=CLIP_SECONDS,
            width=320,
            height=180,
            file=ContentFile(make_clip(slug, CLIP_SECONDS), name=f"lesson-{slug}.mp4"),
            thumbnail=ContentFile(make_poster(slug), name=f"lesson-{slug}.jpg"),
        )
        media.save()
    content = make_vtt(cues, CLIP_SECONDS)
    SubtitleTrack.objects.update_or_create(
        media=media,
        language="zh-Hans",
        defaults={"content": content, "cue_count": len(parse_webvtt(content.encode()))},
    )
    return media


def lesson_quiz(home, slug, title, stems):
    """A short students-only quiz of fixed questions from the demo bank, under the home page."""
    quiz = QuizPage.objects.filter(slug=f"lesson-quiz-{slug}").first()
    if quiz:
        return quiz
    questions = {question.stem: question for question in Question.objects.filter(stem__in=stems)}
    quiz = QuizPage(
        title=f"《{title}》课后测验",
        slug=f"lesson-quiz-{slug}",
        intro="<p>看完本课视频后做这几道题，答对一半以上就算通过，可以多次作答。</p>",
        audience=QuizAudience.STUDENTS,
        ask_region=False,
        pass_mark=QUIZ_PASS_MARK,
        show_explanations=True,
    )
    quiz.fixed_questions = [
        QuizQuestion(question=questions[stem], sort_order=order)
        for order, stem in enumerate(stems)
        if stem in questions
    ]
    home.add_child(instance=quiz)
    return quiz


def equip_lesson(home, lesson):
    """Give a demo lesson its video and quiz if it has none; returns True when it changed."""
    spec = LESSONS.get(lesson.slug)
    if spec is None or (lesson.video_id and lesson.quiz_id):
        return False
    lesson.intro = spec["intro"]
    lesson.video = lesson.video or lesson_video(lesson.slug, lesson.title, spec["cues"])
    lesson.quiz = lesson.quiz or lesson_quiz(home, lesson.slug, lesson.title, spec["questions"])
    lesson.save_revision().publish()
    return True
