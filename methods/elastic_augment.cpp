#include "methods/elastic_augment.h"
#include "engine/noise.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace fb::methods {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Point {
  double x, y;
};

// Integer uniform on {lo..hi} from u in [0,1) (Python's random.randint).
std::int64_t randint(double u, std::int64_t lo, std::int64_t hi) {
  return std::min(hi,
                  lo + static_cast<std::int64_t>(std::floor(u * static_cast<double>(hi - lo + 1))));
}

// Maps an output pixel of one image back to its source, step by step in continuous coordinates
// (pixel centres at i + 0.5, as PIL's transforms use them): distortion → zoom → rotation.
class InverseMap {
 public:
  InverseMap(int width, int height, const AugmentSettings& s, const double* u)
      : w_(width), h_(height), gw_(s.grid_width), gh_(s.grid_height) {
    set_rotation(u[0] < 0.5 ? randint(u[1], -s.max_rotation, 0) : randint(u[1], 0, s.max_rotation));
    set_zoom(std::round((s.zoom_min + u[2] * (s.zoom_max - s.zoom_min)) * 100.0) / 100.0);
    set_grid(s.magnitude, u + 3);
  }

  Point operator()(double x, double y) const { return rotate(zoom(distort({x, y}))); }

 private:
  // Augmentor's RotateRange: PIL rotate(angle, expand=True), then the crop box of its "largest
  // rectangle" formula, resized back to w × h.
  void set_rotation(std::int64_t degrees) {
    const double t = -static_cast<double>(degrees) * kPi / 180.0;  // PIL inverts the angle
    cos_ = std::cos(t);
    sin_ = std::sin(t);
    double min_x = 1e300, max_x = -1e300, min_y = 1e300, max_y = -1e300;
    for (const Point& p :
         {Point{0, 0}, Point{double(w_), 0}, Point{double(w_), double(h_)}, Point{0, double(h_)}}) {
      const double cx = w_ / 2.0, cy = h_ / 2.0;
      const double x = cos_ * (p.x - cx) + sin_ * (p.y - cy) + cx;
      const double y = -sin_ * (p.x - cx) + cos_ * (p.y - cy) + cy;
      min_x = std::min(min_x, x), max_x = std::max(max_x, x);
      min_y = std::min(min_y, y), max_y = std::max(max_y, y);
    }
    canvas_w_ = std::ceil(max_x) - std::floor(min_x);
    canvas_h_ = std::ceil(max_y) - std::floor(min_y);
    const double a = std::abs(static_cast<double>(degrees)) * kPi / 180.0, b = kPi / 2 - a;
    const double r = std::sin(a) / std::sin(b);
    // Augmentor's formula as released, including `E / 1 - r²` (precedence makes it E − r²).
    double e = r * (canvas_h_ - canvas_w_ * r);
    e = e / 1 - r * r;
    const double big_b = canvas_w_ - e, big_a = r * big_b;
    crop_x0_ = std::round(e);
    crop_y0_ = std::round(big_a);
    crop_w_ = std::round(canvas_w_ - e) - crop_x0_;
    crop_h_ = std::round(canvas_h_ - big_a) - crop_y0_;
  }

  // Augmentor's Zoom: resize by f (rounded sizes), centre crop w × h.
  void set_zoom(double f) {
    zoom_w_ = std::round(w_ * f);
    zoom_h_ = std::round(h_ * f);
    zoom_left_ = std::floor(zoom_w_ / 2.0 - w_ / 2.0);
    zoom_top_ = std::floor(zoom_h_ / 2.0 - h_ / 2.0);
  }

  // Augmentor's Distort: tile boxes of floor(w / gw) (the last takes the rest); the source quad of
  // every tile has its interior corners moved by the same (dx, dy).
  void set_grid(std::int64_t magnitude, const double* u) {
    tile_w_ = w_ / static_cast<int>(gw_);
    tile_h_ = h_ / static_cast<int>(gh_);
    vertices_.assign(static_cast<std::size_t>((gw_ + 1) * (gh_ + 1)), Point{0, 0});
    for (std::int64_t j = 0; j <= gh_; ++j)
      for (std::int64_t i = 0; i <= gw_; ++i)
        vertex(i, j) = {i == gw_ ? double(w_) : double(i * tile_w_),
                        j == gh_ ? double(h_) : double(j * tile_h_)};
    for (std::int64_t j = 1; j < gh_; ++j)
      for (std::int64_t i = 1; i < gw_; ++i, u += 2) {
        vertex(i, j).x += static_cast<double>(randint(u[0], -magnitude, magnitude));
        vertex(i, j).y += static_cast<double>(randint(u[1], -magnitude, magnitude));
      }
  }

  Point& vertex(std::int64_t i, std::int64_t j) {
    return vertices_[static_cast<std::size_t>(j * (gw_ + 1) + i)];
  }
  const Point& vertex(std::int64_t i, std::int64_t j) const {
    return vertices_[static_cast<std::size_t>(j * (gw_ + 1) + i)];
  }

  Point distort(Point p) const {
    const std::int64_t i =
        std::min<std::int64_t>(gw_ - 1, static_cast<std::int64_t>(p.x) / tile_w_);
    const std::int64_t j =
        std::min<std::int64_t>(gh_ - 1, static_cast<std::int64_t>(p.y) / tile_h_);
    // The tile's output box is the unmoved grid cell; its source quad has the moved corners.
    const double bx0 = static_cast<double>(i * tile_w_), by0 = static_cast<double>(j * tile_h_);
    const double bx1 = i + 1 == gw_ ? w_ : static_cast<double>((i + 1) * tile_w_);
    const double by1 = j + 1 == gh_ ? h_ : static_cast<double>((j + 1) * tile_h_);
    const double s = (p.x - bx0) / (bx1 - bx0), t = (p.y - by0) / (by1 - by0);
    // PIL's QUAD: bilinear in the corners upper-left, upper-right, lower-left, lower-right.
    const Point &ul = vertex(i, j), &ur = vertex(i + 1, j), &ll = vertex(i, j + 1),
                &lr = vertex(i + 1, j + 1);
    auto mix = [&](double a, double b, double c, double d) {
      return a + (b - a) * s + (c - a) * t + (d - c - b + a) * s * t;
    };
    return {mix(ul.x, ur.x, ll.x, lr.x), mix(ul.y, ur.y, ll.y, lr.y)};
  }

  Point zoom(Point p) const {
    return {(p.x + zoom_left_) * (w_ / zoom_w_), (p.y + zoom_top_) * (h_ / zoom_h_)};
  }

  Point rotate(Point p) const {
    const double x = crop_x0_ + p.x * (crop_w_ / w_) - canvas_w_ / 2.0;
    const double y = crop_y0_ + p.y * (crop_h_ / h_) - canvas_h_ / 2.0;
    return {cos_ * x + sin_ * y + w_ / 2.0, -sin_ * x + cos_ * y + h_ / 2.0};
  }

  double w_, h_;
  std::int64_t gw_, gh_;
  std::int64_t tile_w_ = 1, tile_h_ = 1;
  double cos_ = 1, sin_ = 0, canvas_w_ = 0, canvas_h_ = 0;
  double crop_x0_ = 0, crop_y0_ = 0, crop_w_ = 0, crop_h_ = 0;
  double zoom_w_ = 0, zoom_h_ = 0, zoom_left_ = 0, zoom_top_ = 0;
  std::vector<Point> vertices_;
};

}  // namespace

torch::Tensor augment_batch(const torch::Tensor& images, const AugmentSettings& settings,
                            torch::Generator& gen) {
  TORCH_CHECK(images.dim() == 4, "augment_batch: images must be [B,C,H,W]");
  const std::int64_t b = images.size(0), c = images.size(1);
  const int h = static_cast<int>(images.size(2)), w = static_cast<int>(images.size(3));
  const std::int64_t draws = 3 + 2 * (settings.grid_width - 1) * (settings.grid_height - 1);
  // Drawn on the images' device (where the step's generator lives), read on the CPU.
  const torch::Tensor u = engine::rand({b, draws}, gen, images.options().dtype(torch::kFloat64))
                              .to(torch::kCPU)
                              .contiguous();
  const torch::Tensor src = images.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  torch::Tensor out = torch::empty_like(src);
  cv::Mat map_x(h, w, CV_32F), map_y(h, w, CV_32F);
  for (std::int64_t n = 0; n < b; ++n) {
    const InverseMap inverse(w, h, settings, u.data_ptr<double>() + n * draws);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const Point p = inverse(x + 0.5, y + 0.5);
        map_x.at<float>(y, x) = static_cast<float>(p.x - 0.5);  // back to pixel indices
        map_y.at<float>(y, x) = static_cast<float>(p.y - 0.5);
      }
    for (std::int64_t ch = 0; ch < c; ++ch) {
      cv::Mat in(h, w, CV_32F, src[n][ch].data_ptr<float>());
      cv::Mat result(h, w, CV_32F, out[n][ch].data_ptr<float>());
      cv::remap(in, result, map_x, map_y, cv::INTER_CUBIC, cv::BORDER_CONSTANT, cv::Scalar(0));
    }
  }
  // Bicubic overshoots; pictures stay in [0,1] as PIL's uint8 results do.
  return out.clamp_(0.0, 1.0).to(images.device());
}

}  // namespace fb::methods
