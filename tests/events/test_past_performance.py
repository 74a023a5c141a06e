from media.factories import MediaIndexPageFactory, SubtitleTrackFactory, VideoPageFactory


def test_event_page_plays_a_past_performance_with_its_subtitles(client, schedule):
    library = MediaIndexPageFactory(parent=schedule.home)
    video = VideoPageFactory(parent=library, title="哥隆歌《远离毒品》演出录像")
    SubtitleTrackFactory(media=video.media)
    schedule.tour.past_performance = video
    schedule.tour.save_revision().publish()

    html = client.get(schedule.tour.url).content.decode()

    section = html.split('id="past-performance-heading"', 1)[1].split("</section>", 1)[0]
    assert "往期演出" in html
    assert '<track kind="subtitles"' in section
    assert f'href="{video.url}"' in section


def test_unpublished_past_performance_is_not_shown(client, schedule):
    library = MediaIndexPageFactory(parent=schedule.home)
    video = VideoPageFactory(parent=library, live=False)
    schedule.tour.past_performance = video
    schedule.tour.save_revision().publish()

    assert 'id="past-performance-heading"' not in client.get(schedule.tour.url).content.decode()
