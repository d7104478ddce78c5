// InfoGAN-CR (Lin et al., ICML 2020; docs/protocols.md §2.3–§2.5, §3.2): InfoGAN plus the contrastive
// regulariser. H learns which code an image pair shares; G cooperates with it (α·CR in G's loss)
// once CR switches on.
//
// One iteration on one feed (a real batch, a (c, z) batch, B pairs): H step → D+Q step → two G
// steps → spectral-norm u update of D/Q and H. α is 0 until switch-on; at switch-on and at every
// gap change H's weights and its Adam moments are re-initialised (its u vectors and batch-norm
// statistics carry on). G's batch norm runs in training mode for GAN samples, and for the pairs in
// inference mode while α = 0, training mode after; each half of the pairs is its own G forward.
//
// Schedules are fractions of the run's length (ModelContext::total_steps; `reference_steps` when
// unknown), resolved once when the run starts and kept in checkpoints, so a resumed run keeps its
// schedule. The state after the last step before switch-on is kept as the snapshot
// "infogan_modified" (the paper's "InfoGAN (modified)" row comes from the same run).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "baselines/infogan.h"
#include "engine/capabilities.h"
#include "methods/cr_discriminator.h"
#include "methods/cr_pairs.h"

namespace fb::methods {

/// Name of the snapshot taken just before CR switches on.
inline constexpr const char* kInfoGanModifiedSnapshot = "infogan_modified";

/// Defaults per preset (docs/protocols.md §3.2): dsprites λ 0.05, α 0 → 2.0 after 25/28 of the run (288,000
/// of 322,560), gap 0, H with spectral norm; teapots λ 0.2, α 0 → 3.0 at 0.4 (50,000 of 125,000),
/// gap 1.9 until 0.68 (85,000) then 0, H without spectral norm and with batch norm. Adam lr of H
/// 2e−3.
struct InfoGanCrConfig {
  baselines::InfoGanConfig common;
  double alpha = 2.0;
  double cr_start_fraction = 25.0 / 28.0;
  double gap = 0.0;
  double final_gap = 0.0;
  double gap_change_fraction = 1.0;
  double cr_lr = 2e-3;
  bool cr_spectral_norm = true;
  bool cr_batch_norm = false;
  std::int64_t reference_steps = 322560;

  template <class V>
  void visit(V&& v) {
    common.visit(v);
    v("alpha", alpha, "α, weight of the CR term in G's loss once switched on (>= 0)");
    v("cr_start_fraction", cr_start_fraction,
      "fraction of the run after which α switches on, in [0, 1]");
    v("gap", gap, "minimum difference of the non-shared codes of a pair, in [0, 2)");
    v("final_gap", final_gap, "the gap after gap_change_fraction, in [0, 2)");
    v("gap_change_fraction", gap_change_fraction,
      "fraction of the run after which the gap becomes final_gap");
    v("cr_lr", cr_lr, "Adam learning rate of H (> 0)");
    v("cr_spectral_norm", cr_spectral_norm,
      "spectral norm on H's layers but the last (dsprites true)");
    v("cr_batch_norm", cr_batch_norm, "batch norm in H after conv2-4 and FC 128 (teapots true)");
    v("reference_steps", reference_steps,
      "run length the fractions refer to when the run's is unknown (> 0)");
  }
  void validate(const std::string& where) const;
};

/// The infogan_cr defaults of `preset` ("dsprites" | "teapots"); ConfigError naming `where`
/// otherwise.
InfoGanCrConfig infogan_cr_preset(const std::string& preset, const std::string& where);

/// A run's schedule in absolute steps (0-based step indices).
struct CrSchedule {
  std::int64_t total_steps = 0;
  std::int64_t cr_start = 0;    ///< first step with α > 0
  std::int64_t gap_change = 0;  ///< first step with final_gap
  double alpha = 0, gap = 0, final_gap = 0;

  double alpha_at(std::int64_t step) const { return step >= cr_start ? alpha : 0.0; }
  double gap_at(std::int64_t step) const { return step >= gap_change ? final_gap : gap; }
  /// True at switch-on and where the gap changes: H is re-initialised before that step.
  bool resets_h_at(std::int64_t step) const {
    return step == cr_start || (step == gap_change && gap != final_gap);
  }
};

/// Resolves the fractions of `config` for a run of `total_steps` (<= 0: config.reference_steps);
/// each boundary is round(fraction · total).
CrSchedule resolve_schedule(const InfoGanCrConfig& config, std::int64_t total_steps);

class InfoGanCr : public baselines::InfoGan, public engine::Snapshotting {
 public:
  InfoGanCr(const InfoGanCrConfig& config, const engine::ModelContext& ctx);

  /// Losses: loss (G's objective at its last step: L_G + λ·Info + α·CR), generator_adversarial,
  /// info, cr (H's loss in this iteration's H step), alpha, gap, then the D+Q terms as InfoGan.
  engine::Losses train_step(const torch::Tensor& images, engine::StepContext& ctx) override;
  std::vector<torch::Tensor> probe(const torch::Tensor& images, torch::Generator& gen) override;
  /// "infogan_modified" after cr_start steps (none when CR is on from the first step).
  std::vector<engine::Snapshot> snapshots() const override;

  const CrSchedule& schedule() const { return schedule_; }
  const CrDiscriminator& cr_discriminator() const { return h_; }
  torch::optim::Adam& cr_optimizer() { return *h_optimizer_; }
  /// Re-initialises H's trainable weights with a fresh draw for `step` and clears its Adam state
  /// (step counts and moments); buffers (spectral-norm u, batch-norm statistics) are kept.
  void reset_cr_discriminator(std::int64_t step);

 protected:
  Json extra_state() const override;
  void load_extra_state(const Json& state) override;

 private:
  CrDiscriminator make_h() const;
  /// CR loss of H on the pairs' images, G in training mode (`train_generator`) or inference mode.
  torch::Tensor pair_loss(const CrPairs& pairs, bool train_generator, bool generator_grad);

  const InfoGanCrConfig cr_config_;
  const int channels_;
  CrSchedule schedule_;
  CrDiscriminator h_{nullptr};
  std::shared_ptr<torch::optim::Adam> h_optimizer_;
};

}  // namespace fb::methods
