// Fixture for the layering check: core/ reaching up into engine/ must be reported.
#pragma once
#include "engine/model.h"
