-- GET [base]/Observation?patient={id}&_count=N for a random seeded patient (99 Observations each).
-- wrk -s search_by_patient.lua BASE -- PATIENT_IDS_FILE COUNT
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local ids, base, count

function init(args)
  ids = load_ids(args[1])
  count = args[2] or "50"
  base = wrk.path .. "/Observation?patient="
  math.randomseed(os.time() * 100 + (thread_index or 0))
  wrk.headers["Accept"] = "application/fhir+json"
end

function request()
  return wrk.format("GET", base .. ids[math.random(#ids)] .. "&_count=" .. count)
end
