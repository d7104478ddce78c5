// Fixture for the layering check: engine/ including core/ is allowed.
#pragma once
#include "core/error.h"
