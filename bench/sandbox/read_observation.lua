-- GET [base]/Observation/{id} of a random seeded Observation.
-- wrk -s read_observation.lua BASE -- OBSERVATION_IDS_FILE
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local ids, base

function init(args)
  ids = load_ids(args[1])
  base = wrk.path .. "/Observation/"
  math.randomseed(os.time() * 100 + (thread_index or 0))
  wrk.headers["Accept"] = "application/fhir+json"
end

function request()
  return wrk.format("GET", base .. ids[math.random(#ids)])
end
