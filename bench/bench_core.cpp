// Core benchmark driver: the same C++ built natively and to wasm (run under
// node), on a workload written to disk by bench/run.mjs so both builds and
// the JS API time identical data. Prints one JSON object per measurement.
//
//   reelrank_bench DIR [REPEATS] [RATINGS_CSV]
//   DIR holds catalog.tsv (id, tags comma-joined, creator, duration),
//   events.tsv (user, item, type, value, duration, timestamp) and
//   profile.tsv (item, type, value, duration, timestamp).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/dataset_reader.hpp"
#include "models/model.hpp"

using namespace reelrank;

namespace {
using Clock = std::chrono::steady_clock;

std::vector<std::vector<std::string>> readTsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string x;
    while (std::getline(ss, x, '\t')) f.push_back(x);
    rows.push_back(std::move(f));
  }
  return rows;
}

EventType typeOf(const std::string& s) {
  EventType t = EventType::View;
  parseEventType(s, &t);
  return t;
}

EventBatch toBatch(const std::vector<std::vector<std::string>>& rows, bool withUser) {
  EventBatch b;
  const std::size_t o = withUser ? 1 : 0;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& r = rows[k];
    if (k) {
      b.items.push_back('\0');
      if (withUser) b.users.push_back('\0');
    }
    if (withUser) b.users += r[0];
    b.items += r[o];
    b.types.push_back(static_cast<uint8_t>(typeOf(r[o + 1])));
    b.values.push_back(std::atof(r[o + 2].c_str()));
    b.durations.push_back(std::atof(r[o + 3].c_str()));
    b.timestamps.push_back(std::atof(r[o + 4].c_str()));
  }
  return b;
}

template <typename F>
double medianMs(int repeats, F&& f) {
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    auto a = Clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void report(const char* name, double ms, double perSecond = 0) {
  if (perSecond > 0)
    std::printf("{\"name\":\"%s\",\"ms\":%.6f,\"perSecond\":%.0f}\n", name, ms, perSecond);
  else
    std::printf("{\"name\":\"%s\",\"ms\":%.6f}\n", name, ms);
}
}  // namespace

// Training of every algorithm on a MovieLens ratings file (ml-latest-small),
// the per-sweep time of ials at 64 factors, and on-device fold-in: ranking
// for a 1,000-event profile with ials (solve the person's vector, score all).
void benchTraining(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return;
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ReadResult read;
  if (!readDataset(text, DatasetFormat::MovieLens, ReadOptions{}, &read).isOk()) std::exit(8);
  Interactions log;
  if (!log.addBatch(read.events).isOk()) std::exit(8);
  Model ials;
  for (const char* algorithm :
       {"popularity", "userknn", "itemknn", "mf", "ials", "ease", "transitions", "slist", "trending"}) {
    TrainConfig config;
    config.algorithm = algorithm;
    std::vector<double> sweeps;
    double last = 0;
    ProgressFn progress = [&](const Progress& p) {
      sweeps.push_back(p.seconds - last);
      last = p.seconds;
      return true;
    };
    Model m;
    const double ms = medianMs(1, [&] {
      if (!Model::train(log, nullptr, config, progress, &m).isOk()) std::exit(9);
    });
    report((std::string("train.ml.") + algorithm).c_str(), ms);
    if (std::string(algorithm) == "ials") {
      std::sort(sweeps.begin(), sweeps.end());
      report("ials.sweep.ml.64f", sweeps[sweeps.size() / 2] * 1000.0);
      ials = std::move(m);
    }
  }
  // A person with 1,000 events on distinct items, folded in on every call.
  EventBatch b;
  const std::size_t items = ials.itemCount();
  for (std::size_t k = 0; k < 1000; ++k) {
    if (k) b.items.push_back('\0');
    b.items += ials.side().catalog.items().name(static_cast<int32_t>((k * 7919) % items));
    b.types.push_back(static_cast<uint8_t>(k % 3 ? EventType::View : EventType::Like));
    b.values.push_back(20);
    b.durations.push_back(30);
    b.timestamps.push_back(static_cast<double>(k));
  }
  Profile person;
  if (!person.recordBatch(b, nullptr, {}).isOk()) std::exit(10);
  RankInput in;
  in.request.k = 20;
  in.request.explain = false;
  std::vector<Recommendation> recs;
  report("foldin.ials.1000events.k20", medianMs(50, [&] {
           if (!ials.recommendForProfile(person, in, &recs).isOk()) std::exit(11);
         }));
}

// Re-ranking a server's page after each swipe, as bench/run.mjs times it
// through the JS API: the page is every 20th video (500 of 10,000) with
// descending server scores; each step records one view of a video off the
// page (20 such videos in turn, so the profile stays near its 60 events'
// size), then re-ranks the whole page (k = 500) or picks the next 10 of it.
void benchServerPage(const Catalog& catalog, const Model& model, const Profile& person, int repeats) {
  // The swipe before each ranking: one view of a video off the page.
  const auto view = [&](Profile& me, std::size_t step) {
    EventBatch one;
    one.items = catalog.items().name(static_cast<int32_t>((step % 20) * 20 + 1));
    one.types.push_back(static_cast<uint8_t>(EventType::View));
    one.values.push_back(20);
    one.durations.push_back(30);
    one.timestamps.push_back(1'700'200'000.0 + static_cast<double>(step));
    if (!me.recordBatch(one, &catalog, {}).isOk()) std::exit(8);
  };
  RankInput page;
  page.request.restrictToCandidates = true;
  for (std::size_t i = 0; i < 500 && i * 20 < catalog.size(); ++i) {
    page.candidates.push_back(catalog.items().name(static_cast<int32_t>(i * 20)));
    page.candidateScores.push_back(500.0 - static_cast<double>(i));
  }
  struct Variant {
    const char* name;
    std::size_t k;
    bool explain;
  };
  for (const Variant& v :
       {Variant{"rerank.page500.k500", 500, true}, Variant{"rerank.page500.k500.noexplain", 500, false},
        Variant{"rerank.page500.k10", 10, true}}) {
    Profile me = person;
    page.request.k = v.k;
    page.request.explain = v.explain;
    std::size_t step = 0;
    std::vector<Recommendation> recs;
    const double ms = medianMs(repeats, [&] {
      view(me, ++step);
      if (!model.recommendForProfile(me, page, &recs).isOk()) std::exit(9);
    });
    report(v.name, ms);
  }
  // The page resolved once (model.page in JS), the whole page re-ranked.
  ServerPage resolved;
  if (!model.resolvePage(page.candidates, page.candidateScores, &resolved).isOk()) std::exit(9);
  RankInput viaPage;
  viaPage.page = &resolved;
  viaPage.request.k = 500;
  viaPage.request.explain = false;
  Profile me = person;
  std::size_t step = 0;
  std::vector<Recommendation> recs;
  report("rerank.resolvedpage500.k500.noexplain", medianMs(repeats, [&] {
           view(me, ++step);
           if (!model.recommendForProfile(me, viaPage, &recs).isOk()) std::exit(9);
         }));
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: reelrank_bench DIR [REPEATS]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 200;
  Catalog catalog;
  {
    std::vector<VideoInput> videos;
    for (const auto& r : readTsv(dir + "/catalog.tsv")) {
      VideoInput v;
      v.id = r[0];
      std::stringstream ss(r[1]);
      std::string t;
      while (std::getline(ss, t, ',')) v.tags.push_back(t);
      v.creator = r[2];
      v.duration = std::atof(r[3].c_str());
      videos.push_back(std::move(v));
    }
    if (!catalog.addMany(videos).isOk()) return 3;
  }
  const auto eventRows = readTsv(dir + "/events.tsv");
  const EventBatch events = toBatch(eventRows, true);
  const EventBatch profileEvents = toBatch(readTsv(dir + "/profile.tsv"), false);

  // Ingestion: the whole log into a fresh Interactions, and into a Profile.
  const double logMs = medianMs(5, [&] {
    Interactions log;
    if (!log.addBatch(events).isOk()) std::exit(4);
  });
  report("ingest.interactions", logMs, events.types.size() / (logMs / 1000));
  EventBatch asProfile = events;
  asProfile.users.clear();
  const double profMs = medianMs(5, [&] {
    Profile p;
    if (!p.recordBatch(asProfile, &catalog, {}).isOk()) std::exit(4);
  });
  report("ingest.profile", profMs, events.types.size() / (profMs / 1000));

  Interactions log;
  if (!log.addBatch(events).isOk()) return 4;
  TrainConfig config;
  config.algorithm = "itemknn";
  Model model;
  const double trainMs = medianMs(3, [&] {
    if (!Model::train(log, &catalog, config, {}, &model).isOk()) std::exit(5);
  });
  report("train.itemknn", trainMs);

  Profile me;
  if (!me.recordBatch(profileEvents, &catalog, {}).isOk()) return 6;
  RankInput in;
  in.request.k = 20;
  std::vector<Recommendation> recs;
  const double recMs = medianMs(repeats, [&] {
    if (!model.recommendForProfile(me, in, &recs).isOk()) std::exit(7);
  });
  report("recommend.itemknn+content.k20", recMs);
  in.request.diversity = 0.3;
  const double divMs = medianMs(repeats, [&] {
    if (!model.recommendForProfile(me, in, &recs).isOk()) std::exit(7);
  });
  report("recommend.itemknn+content.k20.diversity", divMs);
  // The other re-rankers, one at a time (their cost is the difference to the plain row).
  in.request.diversity = 0;
  in.request.calibration = 0.5;
  const double calMs = medianMs(repeats, [&] {
    if (!model.recommendForProfile(me, in, &recs).isOk()) std::exit(7);
  });
  report("recommend.itemknn+content.k20.calibration", calMs);
  in.request.calibration = 0;
  in.request.popularityCorrection = 0.5;
  const double popMs = medianMs(repeats, [&] {
    if (!model.recommendForProfile(me, in, &recs).isOk()) std::exit(7);
  });
  report("recommend.itemknn+content.k20.popularitycorrection", popMs);
  in.request.popularityCorrection = 0;
  benchServerPage(catalog, model, me, repeats);
  if (argc > 3) benchTraining(argv[3]);
  return 0;
}
