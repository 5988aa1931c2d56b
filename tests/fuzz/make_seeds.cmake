# Builds the fuzzers' seed corpora at run time (cmake -DASSETS=… -DSEEDS=… -DOUT=… -P make_seeds.cmake):
#   OUT/seeds-scenario   every shipped scenario (ASSETS/scenarios/**.json) and SEEDS/scenario/*
#   OUT/seeds-admin      one input per shipped scenario with faults — each of its fault rules as a
#                        "POST /__admin/faults RULE" line — and SEEDS/admin/*
#   OUT/seeds-endpoints  SEEDS/endpoints/*
#   OUT/seeds-http       SEEDS/http/*
# and the working corpora OUT/corpus/<target> and an empty OUT/artifacts. The seeds are rebuilt every
# time, so they follow the scenario library; the working corpora are kept between runs.
foreach(_var ASSETS SEEDS OUT)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "make_seeds.cmake: -D${_var}=… is required")
  endif()
endforeach()

# Artifacts are this run's findings only.
file(REMOVE_RECURSE ${OUT}/artifacts)
file(MAKE_DIRECTORY ${OUT}/artifacts)
foreach(_t scenario admin endpoints http)
  file(REMOVE_RECURSE ${OUT}/seeds-${_t})
  file(MAKE_DIRECTORY ${OUT}/seeds-${_t} ${OUT}/corpus/${_t})
  file(GLOB _hand ${SEEDS}/${_t}/*)
  if(_hand)
    file(COPY ${_hand} DESTINATION ${OUT}/seeds-${_t})
  endif()
endforeach()

file(GLOB_RECURSE _scenarios ${ASSETS}/scenarios/*.json)
list(LENGTH _scenarios _count)
if(_count EQUAL 0)
  message(FATAL_ERROR "make_seeds.cmake: no scenarios under ${ASSETS}/scenarios")
endif()
set(_admin 0)
foreach(_file IN LISTS _scenarios)
  file(RELATIVE_PATH _rel ${ASSETS}/scenarios ${_file})
  string(REPLACE "/" "_" _flat ${_rel})
  file(COPY_FILE ${_file} ${OUT}/seeds-scenario/${_flat})

  file(READ ${_file} _json)
  string(JSON _n ERROR_VARIABLE _err LENGTH "${_json}" faults)
  if(_err OR _n EQUAL 0)
    continue()
  endif()
  set(_lines "")
  math(EXPR _last "${_n} - 1")
  foreach(_i RANGE ${_last})
    string(JSON _rule GET "${_json}" faults ${_i})
    # One request per line: CMake prints the rule over several lines; JSON does not need them.
    string(REGEX REPLACE "[\r\n\t]+" " " _rule "${_rule}")
    string(APPEND _lines "POST /__admin/faults ${_rule}\n")
  endforeach()
  string(APPEND _lines "GET /__admin/faults\n")
  file(WRITE ${OUT}/seeds-admin/${_flat}.txt "${_lines}")
  math(EXPR _admin "${_admin} + 1")
endforeach()
message(STATUS "fuzz seeds: ${_count} scenarios, ${_admin} admin inputs from their faults, in ${OUT}")
