// Lowering's driver: the state every construct shares, then one pass per construct, then the
// three entry points that dispatch events (by kind) and timers (by entity kind) to the handlers
// the constructs registered.
#include "compiler/lower/lower.h"

#include <algorithm>

#include "compiler/lower/lowerer.h"
#include "compiler/model/metadata.h"
#include "compiler/xir/verifier.h"

namespace takt::lower {

using xir::Opcode;
using xir::Record;
using xir::Type;

auto Lower(const model::Plant& plant, const source::SourceManager& sources) -> xir::Module {
  xir::Module module = Lowerer(plant).Run();
  module.descriptor.source_sha256 = model::SourceSha256(plant, sources);
  return module;
}

auto Lowerer::Run() -> xir::Module {
  BuildDescriptor();
  DeclareCommonState();
  DeclareReportState();
  DeclareRunningChecks();
  DeclareFirstPiece();
  LowerOee();
  LowerControls();
  LowerDowntime();
  LowerProduction();
  LowerRoutings();
  LowerCases();
  LowerDeviations();
  LowerHandovers();
  BuildEntryPoints();
  module_.Layout();
  return std::move(module_);
}

static auto AtLeastOne(size_t n) -> uint32_t { return static_cast<uint32_t>(std::max<size_t>(n, 1)); }

void Lowerer::DeclareCommonState() {
  counters_ = module_.AddSlot("counters", Record::Global, Type::I64, TAKT_REPORT_ITEM_COUNT);
  const uint32_t workcenters = AtLeastOne(plant_.workcenters.size());
  wc_down_ = module_.AddSlot("workcenter.down", Record::Global, Type::I64, workcenters);
  wc_reason_ = module_.AddSlot("workcenter.reason", Record::Global, Type::I64, workcenters);
  wc_stop_ = module_.AddSlot("workcenter.stop", Record::Global, Type::I64, workcenters);
  line_stopped_ = module_.AddSlot("line.stopped", Record::Global, Type::I64, AtLeastOne(plant_.lines.size()));
  lot_holds_ = module_.AddSlot("lot.holds", Record::Lot, Type::I64, 1);
  lot_loose_ = module_.AddSlot("lot.loose", Record::Lot, Type::I64, 1);
  lot_scrapped_ = module_.AddSlot("lot.scrapped", Record::Lot, Type::I64, 1);
  case_decl_ = module_.AddSlot("case.decl", Record::Case, Type::I64, 1);
  case_open_ = module_.AddSlot("case.open", Record::Case, Type::I64, 1);
  case_lot_ = module_.AddSlot("case.lot", Record::Case, Type::I64, 1);
  case_line_ = module_.AddSlot("case.line", Record::Case, Type::I64, 1);
  case_control_ = module_.AddSlot("case.control", Record::Case, Type::I64, 1);
  case_holds_ = module_.AddSlot("case.holds", Record::Case, Type::I64, 1);
  size_t max_ops = 1;
  for (const auto& routing : plant_.routings) {
    max_ops = std::max(max_ops, routing.operations.size());
  }
  order_released_ = module_.AddSlot("order.released", Record::Order, Type::I64, 1);
  order_closed_ = module_.AddSlot("order.closed", Record::Order, Type::I64, 1);
  order_routing_ = module_.AddSlot("order.routing", Record::Order, Type::I64, 1);
  order_lot_ = module_.AddSlot("order.lot", Record::Order, Type::I64, 1);
  order_next_ = module_.AddSlot("order.next", Record::Order, Type::I64, 1);
  order_started_ = module_.AddSlot("order.started", Record::Order, Type::I64, 1);
  order_confirmed_ = module_.AddSlot("order.confirmed", Record::Order, Type::I64, 1);
  order_reworks_ = module_.AddSlot("order.reworks", Record::Order, Type::I64, static_cast<uint32_t>(max_ops));
  if (!plant_.people.empty()) {
    case_escalations_ = module_.AddSlot("case.escalations", Record::Case, Type::I64, 1);
  }
  if (std::any_of(plant_.routings.begin(), plant_.routings.end(), [](const model::Routing& r) { return r.four_eyes; })) {
    order_started_by_ = module_.AddSlot("order.started_by", Record::Order, Type::I64, 1);
  }
  max_ops_ = max_ops;

  std::vector<int64_t> lines;
  for (const auto& workcenter : plant_.workcenters) {
    lines.push_back(workcenter.line.index);
  }
  workcenter_line_ = module_.AddTable("workcenter.line", std::move(lines));
  std::vector<int64_t> up;
  for (const auto& role : plant_.roles) {
    up.push_back(role.reports_to ? role.reports_to->index : xir::kNone);
  }
  role_up_ = module_.AddTable("role.reports_to", std::move(up));
}

void Lowerer::BuildEntryPoints() {
  {
    const xir::FunctionId id = module_.AddFunction("on_start", xir::Context::Start, {});
    module_.functions[id].entry = true;
    module_.on_start = id;
    Builder b(module_, id);
    for (xir::FunctionId handler : start_handlers_) {
      b.Call(handler, {});
    }
  }
  auto dispatch = [&](const char* name, xir::Context context, const std::map<uint32_t, xir::FunctionId>& handlers,
                      bool event) {
    const xir::FunctionId id = module_.AddFunction(name, context, {});
    module_.functions[id].entry = true;
    Builder b(module_, id);
    std::vector<int64_t> labels;
    std::vector<xir::FunctionId> targets;
    for (const auto& [kind, handler] : handlers) {
      labels.push_back(kind);
      targets.push_back(handler);
    }
    const ExprId kind = event ? b.Ev(xir::EventField::Kind) : b.Tm(xir::TimerField::EntityKind);
    b.Switch(kind, labels, [&](size_t i) { b.Call(targets[i], {}); });
    return id;
  };
  module_.on_event = dispatch("on_event", xir::Context::Event, event_handlers_, true);
  module_.on_timer = dispatch("on_timer", xir::Context::Timer, timer_handlers_, false);
}

}  // namespace takt::lower
