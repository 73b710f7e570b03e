#include "clivrt/pixels/pixel_encoder.hpp"

#include <glib.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "testing/frames.hpp"

using namespace clivrt;
using namespace clivrt::pixels;
using namespace std::chrono_literals;
using render::testing::OwnedFrame;
using Clock = PixelEncoder::Clock;

namespace {

constexpr auto kFrameTime = std::chrono::microseconds(41667);  // 24 fps
const auto kStart = Clock::time_point{} + 100s;

// 32x12 cells of 10x20 pixels: a 320x240-pixel pane at (row 2, col 5).
const Pane kPane{{2, 5}, {32, 12}, 10, 20};

// A smooth picture (gradients), which a good scaler or a 256-colour palette keeps well.
OwnedFrame smooth_frame(int width, int height) {
  OwnedFrame f{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint8_t* p = &f.rgb[(static_cast<std::size_t>(y) * width + x) * 3];
      p[0] = static_cast<std::uint8_t>(255 * x / (width - 1));
      p[1] = static_cast<std::uint8_t>(255 * y / (height - 1));
      p[2] = static_cast<std::uint8_t>(128 + 100 * std::sin(x * 0.02 + y * 0.015));
    }
  }
  return f;
}

// A camera's view: the moving, panning test pattern with sensor noise on every pixel.
OwnedFrame noisy_frame(int n, int width, int height, int amplitude) {
  OwnedFrame f = render::testing::smpte_ball(width, height, n, 2);
  std::mt19937 rng(static_cast<unsigned>(n));
  std::uniform_int_distribution<int> noise(-amplitude, amplitude);
  for (auto& v : f.rgb) v = static_cast<std::uint8_t>(std::clamp(v + noise(rng), 0, 255));
  return f;
}

// The frame area-averaged down (or up) to width x height: what a scaler should give.
OwnedFrame box_scaled(const OwnedFrame& from, int width, int height) {
  OwnedFrame to{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
  for (int y = 0; y < height; ++y) {
    const int y0 = y * from.height / height, y1 = std::max(y0 + 1, (y + 1) * from.height / height);
    for (int x = 0; x < width; ++x) {
      const int x0 = x * from.width / width, x1 = std::max(x0 + 1, (x + 1) * from.width / width);
      for (int c = 0; c < 3; ++c) {
        long sum = 0;
        for (int sy = y0; sy < y1; ++sy)
          for (int sx = x0; sx < x1; ++sx) sum += from.rgb[(static_cast<std::size_t>(sy) * from.width + sx) * 3 + c];
        to.rgb[(static_cast<std::size_t>(y) * width + x) * 3 + c] =
            static_cast<std::uint8_t>(sum / ((y1 - y0) * (x1 - x0)));
      }
    }
  }
  return to;
}

double psnr(const OwnedFrame& a, const OwnedFrame& b) {
  double se = 0;
  for (std::size_t i = 0; i < a.rgb.size(); ++i) {
    const double d = static_cast<double>(a.rgb[i]) - b.rgb[i];
    se += d * d;
  }
  const double mse = se / static_cast<double>(a.rgb.size());
  return mse == 0 ? 99 : 10 * std::log10(255.0 * 255.0 / mse);
}

// One kitty graphics command: ESC _ G <keys> [; <payload>] ESC \.
struct KittyCommand {
  std::map<std::string, std::string> keys;
  std::string payload;
};

std::vector<KittyCommand> kitty_commands(const std::string& s) {
  std::vector<KittyCommand> found;
  std::size_t at = 0;
  while ((at = s.find("\x1b_G", at)) != std::string::npos) {
    const std::size_t end = s.find("\x1b\\", at);
    if (end == std::string::npos) break;
    const std::string body = s.substr(at + 3, end - at - 3);
    const std::size_t semi = body.find(';');
    KittyCommand c;
    std::stringstream keys(body.substr(0, semi));
    for (std::string kv; std::getline(keys, kv, ',');) {
      const std::size_t eq = kv.find('=');
      c.keys[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    }
    if (semi != std::string::npos) c.payload = body.substr(semi + 1);
    found.push_back(c);
    at = end + 2;
  }
  return found;
}

// The image a=T transmits (its chunks joined and base64-decoded), and its commands.
struct KittyImage {
  std::map<std::string, std::string> header;
  std::vector<std::uint8_t> pixels;
  bool complete = false;            // ended by a chunk with m=0
  std::vector<KittyCommand> after;  // the commands after the image
};

KittyImage kitty_image(const std::string& s) {
  KittyImage image;
  const auto commands = kitty_commands(s);
  std::size_t i = 0;
  for (; i < commands.size(); ++i) {
    const KittyCommand& c = commands[i];
    if (i == 0) image.header = c.keys;
    gsize n = 0;
    guchar* bytes = g_base64_decode(c.payload.c_str(), &n);
    image.pixels.insert(image.pixels.end(), bytes, bytes + n);
    g_free(bytes);
    if (c.keys.count("m") == 0 || c.keys.at("m") == "0") {
      image.complete = true;
      ++i;
      break;
    }
  }
  image.after.assign(commands.begin() + static_cast<std::ptrdiff_t>(i), commands.end());
  return image;
}

struct Pixmap {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;
};

// Decodes a PNG (8 bit, RGB, RGBA or palette, not interlaced) to binary PPM: python3's zlib.
constexpr const char* kPngToPpm = R"(
import sys, zlib, struct
d = open(sys.argv[1], 'rb').read()
pos, idat, plte = 8, b'', b''
while pos < len(d):
    n, t = struct.unpack('>I4s', d[pos:pos + 8]); body = d[pos + 8:pos + 8 + n]; pos += 12 + n
    if t == b'IHDR': w, h, depth, ctype, _, _, inter = struct.unpack('>IIBBBBB', body)
    elif t == b'PLTE': plte = body
    elif t == b'IDAT': idat += body
assert depth == 8 and inter == 0, 'unsupported png'
bpp = {2: 3, 6: 4, 3: 1, 0: 1}[ctype]
raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), bytearray()
for y in range(h):
    f = raw[y * (stride + 1)]; line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    for x in range(w):
        if ctype == 3: out += plte[line[x] * 3:line[x] * 3 + 3]
        elif ctype == 0: out += bytes([line[x]] * 3)
        else: out += line[x * bpp:x * bpp + 3]
sys.stdout.buffer.write(b'P6 %d %d 255\n' % (w, h) + out)
)";

// The sixel picture in `bytes` as libsixel's sixel2png decodes it.
Pixmap decode_sixel(const std::string& bytes, std::string& error) {
  char dir_template[] = "/tmp/pixels_test.XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (dir == nullptr) {
    error = "mkdtemp failed";
    return {};
  }
  const std::string base(dir);
  std::ofstream(base + "/in.six", std::ios::binary) << bytes;
  std::ofstream(base + "/png2ppm.py") << kPngToPpm;
  Pixmap pixmap;
  const std::string decode = "sixel2png -i " + base + "/in.six -o " + base + "/out.png";
  if (std::system(("command -v sixel2png >/dev/null")) != 0) {
    error = "sixel2png not found: install libsixel-bin (scripts/install-deps.sh --with-tests)";
  } else if (std::system(decode.c_str()) != 0) {
    error = "sixel2png failed on the encoder's output";
  } else if (std::system(("python3 " + base + "/png2ppm.py " + base + "/out.png > " + base + "/out.ppm").c_str()) !=
             0) {
    error = "could not decode sixel2png's PNG";
  } else {
    std::ifstream ppm(base + "/out.ppm", std::ios::binary);
    std::string magic;
    int max = 0;
    ppm >> magic >> pixmap.width >> pixmap.height >> max;
    ppm.get();
    pixmap.rgb.resize(static_cast<std::size_t>(pixmap.width) * pixmap.height * 3);
    ppm.read(reinterpret_cast<char*>(pixmap.rgb.data()), static_cast<std::streamsize>(pixmap.rgb.size()));
  }
  if (std::system(("rm -rf " + base).c_str()) != 0) error = "could not remove " + base;
  return pixmap;
}

// The DCS ... ST sixel sequence in `s`.
std::string sixel_sequence(const std::string& s) {
  const std::size_t at = s.find("\x1bP");
  const std::size_t end = s.find("\x1b\\", at);
  return at == std::string::npos || end == std::string::npos ? "" : s.substr(at, end + 2 - at);
}

struct Outcome {
  int drawn = 0;
  std::size_t max_window = 0;  // most bytes in any one-second window
  int width = 0, height = 0;
};

// `frames` of 24 fps noisy video (10 s by default) at `rate`.
Outcome run(Protocol protocol, std::size_t rate, int frames = 240) {
  PixelEncoder encoder(protocol, false);
  encoder.set_rate(rate);
  std::vector<std::pair<Clock::time_point, std::size_t>> writes;
  Outcome r;
  for (int n = 0; n < frames; ++n) {
    const OwnedFrame frame = noisy_frame(n, 320, 240, 6);
    const auto now = kStart + n * kFrameTime;
    std::string out;
    if (encoder.encode(frame.view(), kPane, now, out)) {
      ++r.drawn;
      writes.emplace_back(now, out.size());
    } else {
      EXPECT_TRUE(out.empty());
    }
  }
  for (std::size_t i = 0; i < writes.size(); ++i) {
    std::size_t sum = 0;
    for (std::size_t j = i; j < writes.size() && writes[j].first < writes[i].first + 1s; ++j) sum += writes[j].second;
    r.max_window = std::max(r.max_window, sum);
  }
  const PixelStats s = encoder.stats(kStart + frames * kFrameTime);
  EXPECT_EQ(s.output.frames_drawn, static_cast<std::uint64_t>(r.drawn));
  EXPECT_EQ(s.output.frames_drawn + s.output.frames_skipped, static_cast<std::uint64_t>(frames));
  r.width = s.width;
  r.height = s.height;
  return r;
}

}  // namespace

TEST(PixelEncoder, KittyTransmitsTheScaledPictureInTheLetterboxedArea) {
  // 640x480 in a 40x12 pane of 10x20-pixel cells (400x240 px): 320x240 px, 32x12 cells, from column 4.
  const Pane pane{{3, 7}, {40, 12}, 10, 20};
  const OwnedFrame frame = smooth_frame(640, 480);
  PixelEncoder encoder(Protocol::kitty, false);
  EXPECT_EQ(encoder.protocol(), Protocol::kitty);
  std::string out;
  ASSERT_TRUE(encoder.encode(frame.view(), pane, kStart, out));
  EXPECT_EQ(out.rfind("\x1b[4;12H", 0), 0u) << "cursor at the area's top-left, 1-based";

  const KittyImage image = kitty_image(out);
  ASSERT_TRUE(image.complete);
  EXPECT_EQ(image.header.at("a"), "T");
  EXPECT_EQ(image.header.at("q"), "2");
  EXPECT_EQ(image.header.at("c"), "32");
  EXPECT_EQ(image.header.at("r"), "12");
  EXPECT_EQ(image.header.at("f"), "24");
  EXPECT_EQ(image.header.at("s"), "320");  // unlimited: the area's full pixel size
  EXPECT_EQ(image.header.at("v"), "240");
  EXPECT_TRUE(image.after.empty()) << "nothing to delete before the first picture";
  ASSERT_EQ(image.pixels.size(), 320u * 240 * 3);
  OwnedFrame decoded{320, 240, image.pixels};
  EXPECT_GT(psnr(decoded, box_scaled(frame, 320, 240)), 30.0);
  const PixelStats s = encoder.stats(kStart);
  EXPECT_EQ(s.width, 320);
  EXPECT_EQ(s.height, 240);
}

TEST(PixelEncoder, KittyThroughSharedMemorySendsOnlyTheNameAndAtMostTheFramesPixels) {
  // A 160x120 frame in a 320x240-pixel area: kitty scales it up itself, so 160x120 is sent.
  const Pane pane{{0, 0}, {32, 12}, 10, 20};
  const OwnedFrame frame = smooth_frame(160, 120);
  PixelEncoder encoder(Protocol::kitty, false);
  encoder.use_shared_memory(true);
  encoder.set_rate(100 * 1024);  // a budget that direct transmission could not fill at this size
  std::string out;
  ASSERT_TRUE(encoder.encode(frame.view(), pane, kStart, out));
  EXPECT_LT(out.size(), 200u) << "only the object's name goes through the terminal";
  const KittyImage image = kitty_image(out);
  ASSERT_TRUE(image.complete);
  EXPECT_EQ(image.header.at("t"), "s");
  EXPECT_EQ(image.header.at("s"), "160");
  EXPECT_EQ(image.header.at("v"), "120");
  EXPECT_EQ(image.header.at("S"), std::to_string(160 * 120 * 3));
  const std::string name(image.pixels.begin(), image.pixels.end());
  ASSERT_TRUE(name.starts_with("/clivrt-")) << name;
  // Read it as the terminal does, and remove it as the terminal does.
  const int fd = ::shm_open(name.c_str(), O_RDONLY, 0);
  ASSERT_GE(fd, 0) << name;
  struct stat st {};
  ASSERT_EQ(::fstat(fd, &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "only the user (and a terminal running as the user) may read the picture";
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(st.st_size));
  ASSERT_EQ(::read(fd, pixels.data(), pixels.size()), static_cast<ssize_t>(pixels.size()));
  ::close(fd);
  ::shm_unlink(name.c_str());
  ASSERT_EQ(pixels.size(), 160u * 120 * 3);
  EXPECT_GT(psnr(OwnedFrame{160, 120, pixels}, frame), 30.0);
}

TEST(PixelEncoder, KittyAlternatesTwoIdsAndDeletesThePreviousPicture) {
  const OwnedFrame frame = smooth_frame(320, 240);
  PixelEncoder encoder(Protocol::kitty, false);
  std::vector<std::string> ids;
  for (int n = 0; n < 4; ++n) {
    std::string out;
    ASSERT_TRUE(encoder.encode(frame.view(), kPane, kStart + n * kFrameTime, out));
    const KittyImage image = kitty_image(out);
    ASSERT_TRUE(image.complete);
    ids.push_back(image.header.at("i"));
    for (const KittyCommand& chunk : kitty_commands(out)) EXPECT_EQ(chunk.keys.at("q"), "2");
    if (n == 0) continue;
    ASSERT_EQ(image.after.size(), 1u);
    const auto& del = image.after[0].keys;
    EXPECT_EQ(del.at("a"), "d");
    EXPECT_EQ(del.at("d"), "I");
    EXPECT_EQ(del.at("q"), "2");
    EXPECT_EQ(del.at("i"), ids[static_cast<std::size_t>(n) - 1]);
  }
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_EQ(ids[0], ids[2]);
  EXPECT_EQ(ids[1], ids[3]);

  const auto cleared = kitty_commands(encoder.clear());
  ASSERT_EQ(cleared.size(), 2u);
  std::vector<std::string> deleted;
  for (const KittyCommand& c : cleared) {
    EXPECT_EQ(c.keys.at("a"), "d");
    EXPECT_EQ(c.keys.at("d"), "I");
    deleted.push_back(c.keys.at("i"));
  }
  std::sort(deleted.begin(), deleted.end());
  std::vector<std::string> both = {ids[0], ids[1]};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(deleted, both);
}

TEST(PixelEncoder, SixelIsDrawnAtTheAreasPixelSize) {
  const OwnedFrame frame = smooth_frame(320, 240);
  PixelEncoder encoder(Protocol::sixel, false);
  EXPECT_EQ(encoder.clear(), "");
  std::string out;
  ASSERT_TRUE(encoder.encode(frame.view(), kPane, kStart, out));
  EXPECT_EQ(out.rfind("\x1b[3;6H\x1bP", 0), 0u);
  std::string error;
  const Pixmap picture = decode_sixel(sixel_sequence(out), error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(picture.width, 320);
  ASSERT_EQ(picture.height, 240);
  OwnedFrame decoded{320, 240, picture.rgb};
  EXPECT_GT(psnr(decoded, frame), 30.0);
  std::printf("sixel PSNR %.1f dB\n", psnr(decoded, frame));
  EXPECT_EQ(encoder.stats(kStart).width, 320);
  EXPECT_EQ(encoder.stats(kStart).height, 240);
}

TEST(PixelEncoder, SixelHeightIsWholeBandsOfSix) {
  // 4x2 cells of 10x20: 40x40 px, of which chafa draws 36 rows (6 bands).
  const Pane pane{{0, 0}, {4, 2}, 10, 20};
  const OwnedFrame frame = smooth_frame(40, 40);
  PixelEncoder encoder(Protocol::sixel, false);
  std::string out;
  ASSERT_TRUE(encoder.encode(frame.view(), pane, kStart, out));
  std::string error;
  const Pixmap picture = decode_sixel(sixel_sequence(out), error);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_EQ(picture.width, 40);
  EXPECT_EQ(picture.height, 36);
  EXPECT_EQ(encoder.stats(kStart).height, 36);
}

TEST(PixelEncoder, BudgetHoldsAndStillDrawsTenFramesASecond) {
  for (Protocol protocol : {Protocol::sixel, Protocol::kitty}) {
    const Outcome r = run(protocol, 400 * 1000);
    const char* name = protocol == Protocol::kitty ? "kitty" : "sixel";
    std::printf("%s at 400K: %d frames in 10 s, max %zu bytes in a second, %dx%d\n", name, r.drawn, r.max_window,
                r.width, r.height);
    EXPECT_LE(r.max_window, 400u * 1000) << name;
    EXPECT_GE(r.drawn, 100) << name;
    if (protocol == Protocol::sixel) {
      EXPECT_EQ(r.width, 320);  // 1:1, always
      EXPECT_EQ(r.height, 240);
    } else {
      EXPECT_GE(r.width, 64);
      EXPECT_LT(r.width, 320);  // raw pixels at 10 fps need a smaller picture
    }
  }
}

TEST(PixelEncoder, UnlimitedDrawsEveryFrameAtFullResolution) {
  for (Protocol protocol : {Protocol::sixel, Protocol::kitty}) {
    const Outcome r = run(protocol, 0, 48);
    EXPECT_EQ(r.drawn, 48);
    EXPECT_EQ(r.width, 320);
    EXPECT_EQ(r.height, 240);
  }
}

TEST(PixelEncoder, CongestionLowersTheRateAndItRecovers) {
  PixelEncoder encoder(Protocol::kitty, false);
  encoder.set_rate(400 * 1000);
  auto now = kStart;
  const OwnedFrame frame = smooth_frame(320, 240);
  for (int n = 0; n < 48; ++n, now += kFrameTime) {
    std::string out;
    encoder.encode(frame.view(), kPane, now, out);
  }
  const std::size_t through = encoder.stats(now).output.bytes_last_second;
  encoder.congested(now);
  PixelStats s = encoder.stats(now);
  EXPECT_EQ(s.output.congestions, 1u);
  EXPECT_LT(s.output.effective_rate, 400u * 1000);
  EXPECT_GE(s.output.effective_rate, 200u * 1000);
  EXPECT_LE(s.output.effective_rate, std::max<std::size_t>(200 * 1000, through));
  EXPECT_EQ(s.output.rate, 400u * 1000);
  for (int n = 0; n < 24 * 12; ++n, now += kFrameTime) {
    std::string out;
    encoder.encode(frame.view(), kPane, now, out);
  }
  EXPECT_EQ(encoder.stats(now).output.effective_rate, 400u * 1000);
}

TEST(PixelEncoder, TmuxPassthroughDoublesEscapesAndFramesEachSequence) {
  const OwnedFrame frame = smooth_frame(320, 240);
  PixelEncoder plain(Protocol::kitty, false), wrapped(Protocol::kitty, true);
  std::string a, b;
  ASSERT_TRUE(plain.encode(frame.view(), kPane, kStart, a));
  ASSERT_TRUE(wrapped.encode(frame.view(), kPane, kStart, b));
  // The cursor move is tmux's own; every graphics command comes wrapped.
  const std::string cursor = "\x1b[3;6H";
  ASSERT_EQ(b.rfind(cursor, 0), 0u);
  std::string unwrapped = cursor;
  std::size_t at = cursor.size();
  int wrappers = 0;
  while (at < b.size()) {
    ASSERT_EQ(b.compare(at, 7, "\x1bPtmux;"), 0) << "at " << at;
    at += 7;
    for (;;) {
      ASSERT_LT(at + 1, b.size());
      if (b[at] == '\x1b' && b[at + 1] == '\x1b') {
        unwrapped += '\x1b';
        at += 2;
      } else if (b[at] == '\x1b' && b[at + 1] == '\\') {
        at += 2;
        break;
      } else {
        ASSERT_NE(b[at], '\x1b') << "a lone ESC inside the passthrough at " << at;
        unwrapped += b[at++];
      }
    }
    ++wrappers;
  }
  EXPECT_EQ(unwrapped, a);
  EXPECT_EQ(wrappers, static_cast<int>(kitty_commands(a).size()));
  const std::string clear = wrapped.clear();
  EXPECT_EQ(clear.rfind("\x1bPtmux;\x1b\x1b_Ga=d", 0), 0u);
}
